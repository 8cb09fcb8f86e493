package io.chuanliu.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Any Kafka client setting (TLS, SASL, timeouts) for a component's clients: a Java properties file
 * ({@value #FILE_KEY}) and/or {@code --kafka.client.<key> <value>} settings over it. The job, the
 * publisher and the replayer take the same two, so one file secures every client.
 */
public final class KafkaClientSettings {

    /** The prefix of pass-through settings: {@code --kafka.client.security.protocol SASL_SSL}. */
    public static final String PREFIX = "kafka.client.";

    public static final String FILE_KEY = "kafka.client-properties-file";
    public static final Setting<String> FILE = Setting.string(
            FILE_KEY,
            "",
            "a Java properties file of Kafka client settings (security, TLS, SASL); --kafka.client.<key> values override it");

    private KafkaClientSettings() {}

    /**
     * The file's settings, then the prefixed ones over them.
     *
     * @param owner the component, for the message ("the job")
     * @param ownedKeys keys the component sets itself (bootstrap servers, serializers, transactions): refused
     * @param ownedHint what to use instead, for the message
     */
    public static Map<String, String> from(
            Settings settings, String owner, Collection<String> ownedKeys, String ownedHint) {
        Map<String, String> client = new TreeMap<>();
        String file = settings.get(FILE);
        if (!file.isEmpty()) {
            Properties properties = new Properties();
            try (var in = Files.newBufferedReader(Path.of(file))) {
                properties.load(in);
            } catch (IOException | RuntimeException e) {
                throw new InvalidSettingException(FILE_KEY, "cannot read " + file + ": " + e.getMessage());
            }
            properties.stringPropertyNames().forEach(key -> client.put(key, properties.getProperty(key)));
        }
        client.putAll(settings.under(PREFIX));
        for (String key : client.keySet()) {
            if (ownedKeys.contains(key)) {
                throw new InvalidSettingException(PREFIX + key, owner + " sets " + key + " itself; " + ownedHint);
            }
        }
        return Map.copyOf(client);
    }
}
