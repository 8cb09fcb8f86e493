package io.chuanliu.stream.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The job's Kafka topics as its inputs, from its config (brokers, group, starting offsets, client settings). */
public final class KafkaInputs implements RoutingInputs {

    private final KafkaEndpoints kafka;

    public KafkaInputs(RoutingJobConfig config) {
        this.kafka = new KafkaEndpoints(config);
    }

    @Override
    public <T> SingleOutputStreamOperator<T> read(
            StreamExecutionEnvironment env,
            String topic,
            KafkaRecordDeserializationSchema<T> deserializer,
            WatermarkStrategy<T> watermarks) {
        return env.fromSource(kafka.source(topic, deserializer), watermarks, topic);
    }
}
