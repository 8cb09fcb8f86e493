package io.chuanliu.deploy.local.demo;

import io.chuanliu.common.json.EventJson;
import io.chuanliu.stream.job.TopicSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads what the job wrote, from the beginning of a topic to its current end, committed records only. */
public final class OutputTopics {

    private final String bootstrapServers;

    public OutputTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public <T> List<T> readAll(String topic, Class<T> type) throws Exception {
        Properties client = new Properties();
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicSnapshot.read(client, topic, "read_committed")) {
            values.add(EventJson.mapper().readValue(record.value(), type));
        }
        return values;
    }
}
