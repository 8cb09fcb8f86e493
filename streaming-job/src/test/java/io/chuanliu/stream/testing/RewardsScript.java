package io.chuanliu.stream.testing;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.MINUTE;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.activity;
import static io.chuanliu.stream.testing.RoutingTestData.brandLiveOrder;
import static io.chuanliu.stream.testing.RoutingTestData.expertOrder;
import static io.chuanliu.stream.testing.RoutingTestData.liveSession;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.common.events.OrderChannel;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.stream.rules.Holdout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The evening the reward fault tests replay, and the rewards it implies. {@code users} users: user u
 * bought brand u%5 through expert u%7 yesterday, opens the app at T0 + 10u s, and if u%3 == 0 buys in
 * the brand's room 10 minutes later; every routed (not held-out) buyer's order earns its one expert
 * full credit.
 */
public final class RewardsScript {

    public static final int BRANDS = 5;
    public static final int EXPERTS = 7;
    /** Every input and output topic of the job. */
    public static final List<String> TOPICS = Topics.ALL;

    private final int users;

    public RewardsScript(int users) {
        this.users = users;
    }

    private static long activityTime(int u) {
        return T0 + u * 10_000L;
    }

    private static boolean buysInTheRoom(int u) {
        return u % 3 == 0;
    }

    /** The rewards the script implies, as "order expert credit". */
    public List<String> oracle() {
        List<String> rewards = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            if (buysInTheRoom(u) && !Holdout.contains("u" + u, 0.1)) {
                rewards.add("L" + u + " e" + (u % EXPERTS) + " 1.0");
            }
        }
        return rewards;
    }

    /** Every brand live from T0 for three hours. */
    public List<ProducerRecord<byte[], byte[]>> sessions() {
        List<ProducerRecord<byte[], byte[]>> sessions = new ArrayList<>();
        for (int b = 0; b < BRANDS; b++) {
            sessions.add(record(
                    Topics.LIVE_SESSIONS,
                    "b" + b,
                    liveSession("b" + b, "s" + b, SessionStatus.LIVE, T0, T0 + 3 * HOUR, T0)));
        }
        return sessions;
    }

    /** Yesterday's expert orders of every user. */
    public List<ProducerRecord<byte[], byte[]>> buyers() {
        List<ProducerRecord<byte[], byte[]>> buyers = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            buyers.add(record(
                    Topics.EXPERT_ORDERS,
                    "u" + u,
                    expertOrder("o" + u, "u" + u, "b" + (u % BRANDS), "e" + (u % EXPERTS), T0 - DAY)));
        }
        return buyers;
    }

    /** Activities of users [from, to) and the room orders that follow them, in event-time order. */
    public List<ProducerRecord<byte[], byte[]>> evening(int from, int to) {
        List<Object[]> events = new ArrayList<>();
        for (int u = from; u < to; u++) {
            events.add(new Object[] {Topics.USER_ACTIVITY, "u" + u, activity("u" + u, activityTime(u))});
            if (buysInTheRoom(u)) {
                events.add(new Object[] {
                    Topics.EXPERT_ORDERS,
                    "u" + u,
                    brandLiveOrder("L" + u, "u" + u, "b" + (u % BRANDS), activityTime(u) + 10 * MINUTE)
                });
            }
        }
        events.sort(Comparator.comparingLong(e -> ((Event) e[2]).eventTime()));
        return events.stream()
                .map(e -> record((String) e[0], (String) e[1], (Event) e[2]))
                .toList();
    }

    /** Later events on every partition, which move the watermark past the last orders. */
    public List<ProducerRecord<byte[], byte[]>> ticks() {
        List<ProducerRecord<byte[], byte[]>> ticks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ticks.add(record(Topics.USER_ACTIVITY, "tick" + i, activity("tick" + i, T0 + 3 * HOUR)));
            ticks.add(record(
                    Topics.EXPERT_ORDERS,
                    "tick" + i,
                    new ExpertOrder(
                            "t" + i,
                            "tick" + i,
                            "b9",
                            "b9-i1",
                            null,
                            OrderChannel.SHELF,
                            100,
                            1,
                            T0 + 3 * HOUR,
                            false)));
        }
        return ticks;
    }

    public static ProducerRecord<byte[], byte[]> record(String topic, String key, Event event) {
        return new ProducerRecord<>(
                topic, null, event.eventTime(), key.getBytes(StandardCharsets.UTF_8), EventJson.toBytes(event));
    }

    /** The committed rewards (read_committed), as read. */
    public static List<ExpertReward> committedRewards(EmbeddedKafka kafka) {
        return committedRewards(kafka, Topics.EXPERT_REWARDS);
    }

    public static List<ExpertReward> committedRewards(EmbeddedKafka kafka, String topic) {
        return kafka.readAll(topic).stream()
                .map(ConsumerRecord::value)
                .map(v -> {
                    try {
                        return EventJson.mapper().readValue(v, ExpertReward.class);
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
    }

    /** The rewards in the oracle's form. */
    public static List<String> asOracle(List<ExpertReward> rewards) {
        return rewards.stream()
                .map(r -> r.orderId() + " " + r.expert() + " " + r.credit())
                .toList();
    }
}
