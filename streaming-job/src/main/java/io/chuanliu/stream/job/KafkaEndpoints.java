package io.chuanliu.stream.job;

import io.chuanliu.stream.serde.JsonRecordSerializationSchema;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Builds the job's Kafka sources and sinks from its config. */
final class KafkaEndpoints {

    private final RoutingJobConfig config;

    KafkaEndpoints(RoutingJobConfig config) {
        this.config = config;
    }

    <T> KafkaSource<T> source(String topic, KafkaRecordDeserializationSchema<T> deserializer) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(topic)
                .setGroupId(config.groupId())
                .setClientIdPrefix(config.groupId() + "-" + topic)
                .setStartingOffsets(startingOffsets())
                .setDeserializer(deserializer)
                .setProperty("partition.discovery.interval.ms", "60000")
                .setProperties(clientProperties())
                .build();
    }

    private OffsetsInitializer startingOffsets() {
        return switch (config.startingOffsets()) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

    /** At-least-once: low latency; records carry deterministic ids so consumers can drop duplicates. */
    <T> KafkaSink<T> atLeastOnceSink(String topic, SerializableFunction<T, String> key) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(new JsonRecordSerializationSchema<>(topic, key))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("linger.ms", "5")
                .setProperty("compression.type", "lz4")
                .setKafkaProducerConfig(clientProperties())
                .build();
    }

    /**
     * Exactly once: records become visible to read_committed consumers when the checkpoint that
     * covers them completes, so a restart neither loses nor repeats one. The transaction timeout
     * ({@code kafka.transaction-timeout}) bounds the outage the job survives: a checkpoint's
     * transaction that the broker aborted before the restored job could commit it is lost, and the
     * connector only logs it. It must stay under the brokers' transaction.max.timeout.ms (15 minutes
     * by default: raise it), which {@link KafkaPreflight} checks before the job starts.
     */
    <T> KafkaSink<T> exactlyOnceSink(String topic, SerializableFunction<T, String> key, String name) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(new JsonRecordSerializationSchema<>(topic, key))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
                .setProperty("compression.type", "lz4")
                .setKafkaProducerConfig(clientProperties())
                .setProperty(
                        "transaction.timeout.ms",
                        String.valueOf(config.transactionTimeout().toMillis()))
                .build();
    }

    /** The user's Kafka client settings (security and the like), for every client the job makes. */
    Properties clientProperties() {
        Properties properties = new Properties();
        properties.putAll(config.kafkaClient());
        return properties;
    }

    static Duration checkpointTimeout(Duration interval) {
        return interval.multipliedBy(6).compareTo(Duration.ofMinutes(10)) > 0
                ? interval.multipliedBy(6)
                : Duration.ofMinutes(10);
    }
}
