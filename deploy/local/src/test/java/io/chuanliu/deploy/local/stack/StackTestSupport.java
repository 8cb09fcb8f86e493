package io.chuanliu.deploy.local.stack;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.OrderChannel;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.deploy.local.Layout;
import io.chuanliu.stream.rules.Holdout;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the tests on the local stack share: the checkout, free ports, sending events, waiting. */
final class StackTestSupport {

    static final Path HOME = Path.of(System.getProperty("chuanliu.home", "../.."))
            .toAbsolutePath()
            .normalize();

    private StackTestSupport() {}

    /** The first {@code count} ids {@code prefix<n>} that the default 10% hold-out routes. */
    static List<String> routedUsers(String prefix, int count) {
        return IntStream.range(0, 10_000)
                .mapToObj(n -> prefix + n)
                .filter(u -> !Holdout.contains(u, 0.1))
                .limit(count)
                .toList();
    }

    static String routedUser(String prefix) {
        return routedUsers(prefix, 1).get(0);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The job's settings for the broker at {@code bootstrapServers}: 2 s checkpoints, 1 s idleness, then {@code more}. */
    static List<String> jobArgs(String bootstrapServers, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--kafka.bootstrap-servers",
                bootstrapServers,
                "--checkpoint.interval",
                "2s",
                "--watermark.idleness",
                "1s"));
        args.addAll(List.of(more));
        return args;
    }

    /** An order of brand b1's item in expert {@code expert}'s live room: it makes {@code user} routable to b1. */
    static ExpertOrder expertOrder(String orderId, String user, String expert, long time) {
        return new ExpertOrder(orderId, user, "b1", "b1-i1", expert, OrderChannel.EXPERT_LIVE, 9_900, 1, time, false);
    }

    /** An order in {@code brand}'s own live room: a routed user's conversion. */
    static ExpertOrder brandRoomOrder(String orderId, String user, String brand, long time) {
        return new ExpertOrder(
                orderId, user, brand, brand + "-i1", null, OrderChannel.BRAND_LIVE, 19_900, 1, time, false);
    }

    /** Moves every partition's watermark past {@code time}, so that attribution settles what lies before it. */
    static void advanceWatermarks(KafkaProducer<byte[], byte[]> producer, long time) throws Exception {
        for (int i = 0; i < 4; i++) {
            send(producer, Topics.USER_ACTIVITY, "tick" + i, new UserActivity("tick" + i, "feed", time));
            send(
                    producer,
                    Topics.EXPERT_ORDERS,
                    "tick" + i,
                    new ExpertOrder("t" + i, "tick" + i, "b9", "b9-i1", null, OrderChannel.SHELF, 100, 1, time, false));
        }
    }

    /** A broker on a free port under {@code work/kafka}, in {@code stack}, with every topic of the job at {@code partitions}. */
    static LocalKafka kafkaWithTopics(LocalStack stack, Layout layout, Path work, int partitions) throws Exception {
        LocalKafka kafka = stack.add(new LocalKafka(layout, work.resolve("kafka"), freePort()).start());
        TopicBootstrap.createAll(kafka.bootstrapServers(), partitions);
        return kafka;
    }

    /** A Flink cluster under {@code work/flink} with its REST port free and {@code slots} slots, to configure and start. */
    static LocalFlink flink(Layout layout, Path work, int slots) throws IOException {
        return new LocalFlink(layout, work.resolve("flink"), freePort(), slots);
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Sends one event with its event time as the record timestamp and waits for the broker's ack. */
    static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, Event event) throws Exception {
        producer.send(new ProducerRecord<>(
                        topic, null, event.eventTime(), key.getBytes(StandardCharsets.UTF_8), EventJson.toBytes(event)))
                .get();
    }

    /**
     * A metric read over REST once it shows {@code expected}, or after 20 s whatever it shows: the
     * REST API serves metrics fetched every second, so a single read can lag the job.
     */
    static long metricOnceSettled(Callable<Long> metric, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long value = metric.call();
        while (value != expected && System.nanoTime() < deadline) {
            Thread.sleep(250);
            value = metric.call();
        }
        return value;
    }

    static void waitFor(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 2 minutes");
            }
            Thread.sleep(250);
        }
    }
}
