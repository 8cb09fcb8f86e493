package io.chuanliu.training.publish;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.json.EventJson;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Announces a verified model on {@code model-updates}, keyed by the model's name (the topic is
 * compacted: the newest announcement per model stays). Kafka only, so anything that can reach the
 * brokers can announce without Hadoop on its class path.
 */
public final class ModelAnnouncer {

    /** Keys the announcer sets itself; any other Kafka client setting may be passed. */
    public static final Set<String> OWNED_CLIENT_KEYS = Set.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);

    private ModelAnnouncer() {}

    /**
     * @param topic the model-updates topic, or null for the default name
     * @param client any other Kafka producer settings (TLS, SASL), e.g. from {@link io.chuanliu.common.config.KafkaClientSettings}
     * @throws IllegalStateException when the broker did not acknowledge the announcement
     */
    public static void announce(ModelRef ref, String bootstrapServers, String topic, Map<String, String> client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(
                            topic == null ? Topics.MODEL_UPDATES : topic, ref.name(), EventJson.toBytes(ref)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "could not publish model " + ref.version() + " to " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }
}
