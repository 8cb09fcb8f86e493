package io.chuanliu.training.job;

import io.chuanliu.common.Topics;
import io.chuanliu.common.config.Setting;
import io.chuanliu.common.config.Settings;
import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.training.publish.ModelPublisher;
import java.util.List;

/**
 * {@code PublishModel --model <dir> --kafka.bootstrap-servers host:9092}: verifies a trained model and
 * announces it on {@code model-updates}. The last step of the daily schedule, after training passed its gate.
 */
public final class PublishModel {

    static final Setting<String> MODEL = Setting.string("model", null, "the model directory, models/<version>");
    static final Setting<String> BOOTSTRAP = Setting.string("kafka.bootstrap-servers", null, "Kafka bootstrap servers");
    static final Setting<String> TOPIC = Setting.string("topic", Topics.MODEL_UPDATES, "the model-updates topic");

    private PublishModel() {}

    public static void main(String[] args) throws Exception {
        try {
            Settings s = Settings.fromArgs(args).requireOnly(List.of(MODEL, BOOTSTRAP, TOPIC));
            ModelPublisher publisher = new ModelPublisher(new org.apache.hadoop.conf.Configuration());
            ModelRef ref = publisher.verify(s.get(MODEL));
            publisher.publish(ref, s.get(BOOTSTRAP), s.get(TOPIC));
            System.out.println("published " + EventJson.toJson(ref));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("chuanliu-publish: " + e.getMessage());
            System.exit(TrainingJob.EXIT_BAD_INPUT);
        }
    }
}
