package io.chuanliu.generator.output;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.generator.market.MarketEvents;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Collects the live day's events one hour at a time, sorts each hour by event time and appends it
 * to {@code events.jsonl}, so memory holds one hour, not the day. A configured share of events is
 * corrupted on the way, to exercise the job's dead-letter path.
 */
public final class LiveDayWriter implements MarketEvents, AutoCloseable {

    private final BufferedWriter out;
    private final double invalidFraction;
    private final SplittableRandom corruption;
    private final List<LiveEvent> hour = new ArrayList<>();
    private final TreeMap<String, Long> countsByTopic = new TreeMap<>();
    private long invalid;

    public LiveDayWriter(Path file, double invalidFraction, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.invalidFraction = invalidFraction;
        this.corruption = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    @Override
    public void order(ExpertOrder order) {
        add(order.eventTime(), Topics.EXPERT_ORDERS, order.user(), EventJson.toJson(order));
    }

    @Override
    public void engagement(Engagement engagement) {
        add(engagement.eventTime(), Topics.ENGAGEMENTS, engagement.user(), EventJson.toJson(engagement));
    }

    @Override
    public void activity(UserActivity activity) {
        add(activity.eventTime(), Topics.USER_ACTIVITY, activity.user(), EventJson.toJson(activity));
    }

    @Override
    public void session(LiveSession session) {
        add(session.eventTime(), Topics.LIVE_SESSIONS, session.brand(), EventJson.toJson(session));
    }

    @Override
    public void control(ControlEvent control) {
        add(control.eventTime(), Topics.CONTROL, control.key(), EventJson.toJson(control));
    }

    private void add(long time, String topic, String key, String json) {
        String value = json;
        if (invalidFraction > 0 && corruption.nextDouble() < invalidFraction) {
            value = Corruptions.corrupt(json, corruption);
            invalid++;
        }
        hour.add(new LiveEvent(time, topic, key, value));
        countsByTopic.merge(topic, 1L, Long::sum);
    }

    /** Sorts and writes everything collected since the last flush (an hour, or one user). Ties keep their order. */
    public void flush() {
        hour.sort(Comparator.comparingLong(LiveEvent::time));
        try {
            for (LiveEvent event : hour) {
                out.write(EventJson.toJson(event));
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hour.clear();
    }

    public TreeMap<String, Long> countsByTopic() {
        return countsByTopic;
    }

    public long invalid() {
        return invalid;
    }

    @Override
    public void close() throws IOException {
        flush();
        out.close();
    }
}
