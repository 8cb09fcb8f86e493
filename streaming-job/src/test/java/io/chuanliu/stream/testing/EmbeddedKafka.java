package io.chuanliu.stream.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.TransactionVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Apache Kafka broker in KRaft mode (one combined controller and broker, in process) for a
 * test class, with helpers to create topics, produce records and read a topic to its end.
 */
public final class EmbeddedKafka implements BeforeAllCallback, AfterAllCallback, TestTopics {

    private final TransactionVersion transactionVersion;
    private final boolean secured;
    private KafkaClusterTestKit cluster;

    /** A broker with Kafka 4's default transaction protocol (v2). */
    public EmbeddedKafka() {
        this(TransactionVersion.TV_2);
    }

    /** A broker with the given transaction protocol: v1 is what Kafka 3 clusters and upgraded ones run. */
    public EmbeddedKafka(TransactionVersion transactionVersion) {
        this(transactionVersion, false);
    }

    private EmbeddedKafka(TransactionVersion transactionVersion, boolean secured) {
        this.transactionVersion = transactionVersion;
        this.secured = secured;
    }

    /**
     * A broker that requires SASL on its only client listener and authorises with ACLs: SCRAM-SHA-256
     * for the users {@link #addScramUser} creates, PLAIN for the test's own admin (a super user).
     * Clients without credentials cannot connect.
     */
    public static EmbeddedKafka withSasl() {
        return new EmbeddedKafka(TransactionVersion.TV_2, true);
    }

    private KafkaProducer<byte[], byte[]> producer;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    /** Starts a one-node KRaft cluster (combined broker and controller) and a producer for tests. */
    public void start() throws Exception {
        BootstrapMetadata bootstrap = BootstrapMetadata.fromVersions(
                MetadataVersion.latestProduction(),
                java.util.Map.of(TransactionVersion.FEATURE_NAME, transactionVersion.featureLevel()),
                "chuanliu-tests");
        TestKitNodes.Builder nodes = new TestKitNodes.Builder(bootstrap)
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1);
        if (secured) {
            nodes.setBrokerSecurityProtocol(org.apache.kafka.common.security.auth.SecurityProtocol.SASL_PLAINTEXT)
                    .setControllerSecurityProtocol(
                            org.apache.kafka.common.security.auth.SecurityProtocol.SASL_PLAINTEXT);
        }
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build());
        if (secured) {
            builder.setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256")
                    .setConfigProp(
                            "listener.name.external.scram-sha-256.sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        cluster = builder.setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // The job's sinks keep transactions open up to an hour (kafka.transaction-timeout).
                .setConfigProp("transaction.max.timeout.ms", "7200000")
                // Test events carry fixed event times weeks in the past; time retention would delete
                // them (inputs and outputs) a few minutes into a test.
                .setConfigProp("log.retention.ms", "-1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        Properties p = clientBase();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public void stop() throws Exception {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Stops the broker (its controller stays up), keeps it down for {@code downtime}, and starts it
     * again on the same port with the same log: to clients, a broker restart.
     */
    public void restartBroker(Duration downtime) throws Exception {
        for (var broker : cluster.brokers().values()) {
            broker.shutdown();
            broker.awaitShutdown();
        }
        Thread.sleep(downtime.toMillis());
        for (var broker : cluster.brokers().values()) {
            broker.startup();
        }
        cluster.waitForReadyBrokers();
    }

    public void createTopics(int partitions, Collection<String> topics) throws Exception {
        try (Admin admin = Admin.create(adminConfig())) {
            List<NewTopic> newTopics = topics.stream()
                    .map(t -> new NewTopic(t, partitions, (short) 1))
                    .toList();
            admin.createTopics(newTopics).all().get();
            // Producing before every partition's leader serves makes the idempotent producer retry
            // batches out of order. A leader that answers a ListOffsets request serves.
            Map<TopicPartition, OffsetSpec> offsets = new HashMap<>();
            for (NewTopic topic : newTopics) {
                for (int p = 0; p < topic.numPartitions(); p++) {
                    offsets.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    admin.listOffsets(offsets).all().get();
                    return;
                } catch (ExecutionException notServedYet) {
                    if (System.nanoTime() > deadline) {
                        throw notServedYet;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    private Properties adminConfig() {
        return clientBase();
    }

    /** The servers, and on a secured broker the test admin's credentials. */
    private Properties clientBase() {
        Properties p = new Properties();
        if (secured) {
            // The test kit's own super user, over PLAIN.
            p.put("security.protocol", "SASL_PLAINTEXT");
            p.put("sasl.mechanism", "PLAIN");
            p.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                            + org.apache.kafka.common.test.JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\""
                            + org.apache.kafka.common.test.JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";");
        }
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    /**
     * Creates a SCRAM-SHA-256 user and grants it what the job and the publisher need, as a Strimzi
     * {@code KafkaUser} would: every topic, consumer group and transactional id, and idempotent writes.
     *
     * @return client settings that log in as the user
     */
    public Map<String, String> addScramUser(String user, String password) throws Exception {
        try (Admin admin = Admin.create(adminConfig())) {
            admin.alterUserScramCredentials(List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(
                            user,
                            new org.apache.kafka.clients.admin.ScramCredentialInfo(
                                    org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_256, 4096),
                            password)))
                    .all()
                    .get();
            String principal = "User:" + user;
            List<AclBinding> acls = new ArrayList<>();
            for (ResourceType type : List.of(ResourceType.TOPIC, ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID)) {
                acls.add(allow(principal, type, "*", AclOperation.ALL));
            }
            acls.add(allow(principal, ResourceType.CLUSTER, "kafka-cluster", AclOperation.IDEMPOTENT_WRITE));
            acls.add(allow(principal, ResourceType.CLUSTER, "kafka-cluster", AclOperation.DESCRIBE));
            admin.createAcls(acls).all().get();
        }
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "SCRAM-SHA-256",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
    }

    private static AclBinding allow(String principal, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    /** Sends one record with the event time as its timestamp, and waits for the broker's ack. */
    @Override
    public void send(String topic, String key, byte[] value, long timestamp) throws Exception {
        producer.send(new ProducerRecord<>(
                        topic, null, timestamp, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value))
                .get();
    }

    /** Sends records as fast as the producer batches them, and waits until the broker acked them all. */
    public void sendAll(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
            acks.add(producer.send(record));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> ack : acks) {
            ack.get();
        }
    }

    /** Hands records to the producer without waiting for acks; {@link #flush} waits for all of them. */
    public void sendAsync(List<ProducerRecord<byte[], byte[]>> records) {
        for (ProducerRecord<byte[], byte[]> record : records) {
            producer.send(record);
        }
    }

    public void flush() {
        producer.flush();
    }

    public void send(String topic, String key, String value, long timestamp) throws Exception {
        send(topic, key, value.getBytes(StandardCharsets.UTF_8), timestamp);
    }

    /** Every committed record of a topic, from the start to its current end. */
    @Override
    public List<byte[]> values(String topic) {
        return readAll(topic).stream().map(ConsumerRecord::value).toList();
    }

    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return readAll(topic, "read_committed");
    }

    /** Every record of a topic visible at the isolation level ({@code read_committed} or {@code read_uncommitted}). */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, String isolationLevel) {
        Properties p = clientBase();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
    /**
     * What the broker knows about a topic's transactions, for a failing test's message: per partition
     * the last stable offset (what read_committed consumers may reach) against the high watermark, and
     * every transaction that is not complete, with its state and age.
     */
    public String transactionReport(String topic) {
        StringBuilder report = new StringBuilder(topic + ":");
        try (Admin admin = Admin.create(adminConfig())) {
            int partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
            for (int p = 0; p < partitions; p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                long stable = admin.listOffsets(
                                Map.of(tp, OffsetSpec.latest()),
                                new org.apache.kafka.clients.admin.ListOffsetsOptions(
                                        org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                        .partitionResult(tp)
                        .get()
                        .offset();
                long high = admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                        .partitionResult(tp)
                        .get()
                        .offset();
                report.append(" p")
                        .append(p)
                        .append(" stable ")
                        .append(stable)
                        .append("/high ")
                        .append(high);
            }
            List<String> open = admin.listTransactions().all().get().stream()
                    .filter(t -> t.state() != org.apache.kafka.clients.admin.TransactionState.COMPLETE_COMMIT
                            && t.state() != org.apache.kafka.clients.admin.TransactionState.COMPLETE_ABORT
                            && t.state() != org.apache.kafka.clients.admin.TransactionState.EMPTY)
                    .map(t -> t.transactionalId())
                    .toList();
            if (!open.isEmpty()) {
                admin.describeTransactions(open)
                        .all()
                        .get()
                        .forEach((id, d) -> report.append("; open ")
                                .append(id)
                                .append(' ')
                                .append(d.state())
                                .append(" pid ")
                                .append(d.producerId())
                                .append(" epoch ")
                                .append(d.producerEpoch())
                                .append(" since ")
                                .append(d.transactionStartTimeMs().orElse(-1))
                                .append(" on ")
                                .append(d.topicPartitions()));
            }
        } catch (Exception e) {
            report.append(" (report failed: ").append(e).append(')');
        }
        return report.toString();
    }
}
