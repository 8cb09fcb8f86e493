package io.chuanliu.stream.testing;

import io.chuanliu.common.events.Conversion;
import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.events.RoutingStats;
import io.chuanliu.stream.job.JobTopics;
import io.chuanliu.stream.job.RoutingInputs;
import io.chuanliu.stream.job.RoutingOutputs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Topics in this JVM's memory, for running the routing job's graph on a MiniCluster without a
 * broker: one partition per topic, records appended in order, readable by offset. The job reads
 * them through {@link InMemorySource} and writes them through {@link InMemorySink}, which find the
 * topics by id because Flink ships sources and sinks to its tasks as serialised copies.
 *
 * <p>Not for restarts: a source's position is not checkpointed, so a job that fails over reads its
 * topics again from the start. Tests of recovery run on the real broker.
 */
public final class InMemoryTopics implements RoutingInputs, TestTopics, AutoCloseable {

    private static final Map<String, InMemoryTopics> OPEN = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final Map<String, List<ConsumerRecord<byte[], byte[]>>> logs = new ConcurrentHashMap<>();

    public static InMemoryTopics open() {
        InMemoryTopics topics = new InMemoryTopics();
        OPEN.put(topics.id, topics);
        return topics;
    }

    static InMemoryTopics byId(String id) {
        InMemoryTopics topics = OPEN.get(id);
        if (topics == null) {
            throw new IllegalStateException("in-memory topics " + id + " are closed");
        }
        return topics;
    }

    @Override
    public void send(String topic, String key, byte[] value, long timestamp) {
        List<ConsumerRecord<byte[], byte[]>> log = logs.computeIfAbsent(topic, t -> new ArrayList<>());
        synchronized (log) {
            log.add(new ConsumerRecord<>(
                    topic,
                    0,
                    log.size(),
                    timestamp,
                    TimestampType.CREATE_TIME,
                    -1,
                    value.length,
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    value,
                    new RecordHeaders(),
                    Optional.empty()));
        }
    }

    /**
     * The record at {@code offset}, or null when the topic has no record there yet or the topics are
     * closed (a cancelled job's sources may poll once more while it stops).
     */
    static ConsumerRecord<byte[], byte[]> recordAt(String id, String topic, int offset) {
        InMemoryTopics topics = OPEN.get(id);
        return topics == null ? null : topics.at(topic, offset);
    }

    private ConsumerRecord<byte[], byte[]> at(String topic, int offset) {
        List<ConsumerRecord<byte[], byte[]>> log = logs.get(topic);
        if (log == null) {
            return null;
        }
        synchronized (log) {
            return offset < log.size() ? log.get(offset) : null;
        }
    }

    @Override
    public List<byte[]> values(String topic) {
        List<ConsumerRecord<byte[], byte[]>> log = logs.getOrDefault(topic, List.of());
        synchronized (log) {
            return log.stream().map(ConsumerRecord::value).toList();
        }
    }

    @Override
    public <T> SingleOutputStreamOperator<T> read(
            StreamExecutionEnvironment env,
            String topic,
            KafkaRecordDeserializationSchema<T> deserializer,
            WatermarkStrategy<T> watermarks) {
        return env.fromSource(new InMemorySource<>(id, topic, deserializer), watermarks, topic)
                .setParallelism(1);
    }

    /** The job's outputs, written to the topics that {@code names} give them, as JSON like the Kafka sinks write. */
    public RoutingOutputs outputs(JobTopics names) {
        return new RoutingOutputs() {
            @Override
            public Sink<RoutingDecision> decisions() {
                return sink(names.routingDecisions(), RoutingDecision::user);
            }

            @Override
            public Sink<ExpertReward> rewards() {
                return sink(names.expertRewards(), ExpertReward::expert);
            }

            @Override
            public Sink<Conversion> conversions() {
                return sink(names.conversions(), Conversion::user);
            }

            @Override
            public Sink<DeadLetter> deadLetters() {
                return sink(names.deadLetters(), DeadLetter::sourceTopic);
            }

            @Override
            public Sink<RouteRefusal> refusals() {
                return sink(names.routingRefusals(), RouteRefusal::user);
            }

            @Override
            public Sink<RoutingStats> stats() {
                return sink(names.routingStats(), RoutingStats::key);
            }
        };
    }

    private <T> Sink<T> sink(String topic, SerializableFunction<T, String> key) {
        return new InMemorySink<>(id, topic, key);
    }

    @Override
    public void close() {
        OPEN.remove(id);
    }
}
