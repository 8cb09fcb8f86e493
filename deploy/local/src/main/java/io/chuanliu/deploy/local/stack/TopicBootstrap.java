package io.chuanliu.deploy.local.stack;

import io.chuanliu.common.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the Chuanliu topics with explicit partition counts; compacted where only the latest value matters. */
public final class TopicBootstrap {

    private static final Set<String> COMPACTED = Set.of(Topics.CONTROL, Topics.MODEL_UPDATES, Topics.ROUTING_STATS);

    private TopicBootstrap() {}

    public static List<String> createAll(String bootstrapServers, int partitions) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        List<String> names = new ArrayList<>(Topics.INPUTS);
        names.addAll(Topics.OUTPUTS);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> topics = names.stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, COMPACTED.contains(name) ? 1 : partitions, (short) 1)
                            .configs(COMPACTED.contains(name) ? Map.of("cleanup.policy", "compact") : Map.of()))
                    .toList();
            admin.createTopics(topics).all().get();
        }
        return names;
    }
}
