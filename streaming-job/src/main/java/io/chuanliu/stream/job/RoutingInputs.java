package io.chuanliu.stream.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the routing job reads: Kafka in production ({@link KafkaInputs}); tests may pass their own.
 * The job owns what a record means: it passes the parser (which turns any bytes into an event or a
 * dead letter) and the event-time watermarks, so every input runs the same parsing path.
 */
public interface RoutingInputs {

    /**
     * One topic's records as a source stream. The job names it and sets its uid.
     *
     * @param deserializer turns each record into its parsed outcome
     * @param watermarks the job's event-time policy, to be applied at the source
     */
    <T> SingleOutputStreamOperator<T> read(
            StreamExecutionEnvironment env,
            String topic,
            KafkaRecordDeserializationSchema<T> deserializer,
            WatermarkStrategy<T> watermarks);
}
