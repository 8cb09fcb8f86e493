package io.chuanliu.training.job;

import io.chuanliu.common.Topics;
import io.chuanliu.common.config.KafkaClientSettings;
import io.chuanliu.common.config.Setting;
import io.chuanliu.common.config.Settings;
import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.training.publish.ModelPublisher;
import java.util.List;

/**
 * {@code PublishModel --model <dir> --kafka.bootstrap-servers host:9092 [--kafka.client-properties-file F]
 * [--kafka.client.<key> <value>]}: verifies a trained model and announces it on {@code model-updates},
 * with any Kafka client setting (TLS, SASL) as the job takes them. The last step of the daily schedule, after training passed its gate.
 */
public final class PublishModel {

    static final Setting<String> MODEL = Setting.string("model", null, "the model directory, models/<version>");
    static final Setting<String> BOOTSTRAP = Setting.string("kafka.bootstrap-servers", null, "Kafka bootstrap servers");
    static final Setting<String> TOPIC = Setting.string("topic", Topics.MODEL_UPDATES, "the model-updates topic");

    private PublishModel() {}

    public static void main(String[] args) throws Exception {
        try {
            Settings s = Settings.fromArgs(args)
                    .requireOnly(
                            List.of(MODEL, BOOTSTRAP, TOPIC, KafkaClientSettings.FILE),
                            List.of(KafkaClientSettings.PREFIX));
            java.util.Map<String, String> client = KafkaClientSettings.from(
                    s,
                    "publish",
                    io.chuanliu.training.publish.ModelAnnouncer.OWNED_CLIENT_KEYS,
                    "use --kafka.bootstrap-servers for the servers; the rest is fixed");
            ModelPublisher publisher = new ModelPublisher(new org.apache.hadoop.conf.Configuration());
            ModelRef ref = publisher.verify(s.get(MODEL));
            io.chuanliu.training.publish.ModelAnnouncer.announce(ref, s.get(BOOTSTRAP), s.get(TOPIC), client);
            System.out.println("published " + EventJson.toJson(ref));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("chuanliu-publish: " + e.getMessage());
            System.exit(TrainingJob.EXIT_BAD_INPUT);
        }
    }
}
