package io.chuanliu.stream.job;

import io.chuanliu.common.config.InvalidSettingException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before the job is submitted, what would otherwise fail a source or sink at runtime and
 * restart the job in a loop: a transaction timeout above what the brokers allow, and a topic that
 * does not exist (the brokers do not create topics: a new version may add one, as routing-stats was).
 * A broker that cannot be asked (down, or no permission) is logged and the job starts anyway.
 */
final class KafkaPreflight {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPreflight.class);
    static final String BROKER_MAX = "transaction.max.timeout.ms";

    private KafkaPreflight() {}

    static void check(RoutingJobConfig config) {
        Properties admin = new Properties();
        admin.putAll(config.kafkaClient());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            long brokerMax;
            try {
                brokerMax = brokerMaxTimeout(client);
            } catch (Exception e) {
                LOG.warn(
                        "could not read {} from the brokers ({}, cause {}); starting without checking kafka.transaction-timeout",
                        BROKER_MAX,
                        e,
                        e.getCause());
                return;
            }
            requireWithin(config.transactionTimeout(), brokerMax);
            java.util.Set<String> existing;
            try {
                existing = client.listTopics().names().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn(
                        "could not list the brokers' topics ({}); starting without checking that the job's topics exist",
                        e.toString());
                return;
            }
            requireTopics(config.topics().bySetting(), existing);
        }
    }

    /** Refuses the first of the job's topics (by setting) that is not among {@code existing}, with what to do. */
    static void requireTopics(java.util.Map<String, String> bySetting, java.util.Set<String> existing) {
        for (var topic : bySetting.entrySet()) {
            if (!existing.contains(topic.getValue())) {
                throw new InvalidSettingException(
                        topic.getKey(),
                        "topic '" + topic.getValue() + "' does not exist on the brokers (or this "
                                + "client may not describe it): create it (deploy/kafka/topics.yaml has every topic with its partitions and "
                                + "cleanup policy), or point " + topic.getKey() + " at one that exists");
            }
        }
    }

    /** The smallest transaction.max.timeout.ms of the cluster's brokers, in milliseconds. */
    static long brokerMaxTimeout(Admin admin) throws Exception {
        List<ConfigResource> brokers = admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).stream()
                .map(Node::idString)
                .map(id -> new ConfigResource(ConfigResource.Type.BROKER, id))
                .toList();
        long smallest = Long.MAX_VALUE;
        for (Config config :
                admin.describeConfigs(brokers).all().get(15, TimeUnit.SECONDS).values()) {
            ConfigEntry entry = config.get(BROKER_MAX);
            if (entry != null && entry.value() != null) {
                smallest = Math.min(smallest, Long.parseLong(entry.value()));
            }
        }
        return smallest;
    }

    static void requireWithin(Duration transactionTimeout, long brokerMaxMillis) {
        if (transactionTimeout.toMillis() > brokerMaxMillis) {
            throw new InvalidSettingException(
                    RoutingJobConfig.TRANSACTION_TIMEOUT.key(),
                    transactionTimeout
                            + " is above the brokers' " + BROKER_MAX + " (" + Duration.ofMillis(brokerMaxMillis)
                            + "): raise " + BROKER_MAX
                            + " on every broker to at least " + transactionTimeout.toMillis()
                            + ", or lower kafka.transaction-timeout");
        }
    }
}
