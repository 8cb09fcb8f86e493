package io.chuanliu.stream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chuanliu.stream.records.RawRecord;
import io.chuanliu.stream.serde.RawRecordDeserializationSchema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The two reference jobs of the streaming benchmark, over the same topics and the same source
 * deserialiser as the routing job: a plain Kafka-to-Kafka passthrough, and the minimal keyed job
 * (parse JSON, keyBy user, one RocksDB ValueState, Kafka out). Each counts what it processed as
 * {@code numProcessed}.
 */
final class ReferenceJobs {

    private static final TypeInformation<byte[]> BYTES =
            org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;

    private ReferenceJobs() {}

    static void passthrough(StreamExecutionEnvironment env, String bootstrap, List<String> topics, String out) {
        source(env, bootstrap, topics, "passthrough")
                .map(new CountingMap<RawRecord, byte[]>(r -> r.value), BYTES)
                .name("Count")
                .uid("count")
                .sinkTo(sink(bootstrap, out))
                .name("Passthrough sink")
                .uid("passthrough-sink");
    }

    static void minimalKeyed(StreamExecutionEnvironment env, String bootstrap, List<String> topics, String out) {
        source(env, bootstrap, topics, "keyed")
                .map(new ParseUser(), Types.TUPLE(Types.STRING, Types.LONG))
                .name("Parse JSON")
                .uid("parse-json")
                .keyBy(t -> t.f0)
                .process(new CountPerUser(), BYTES)
                .name("Count per user")
                .uid("count-per-user")
                .sinkTo(sink(bootstrap, out))
                .name("Keyed sink")
                .uid("keyed-sink");
    }

    private static DataStream<RawRecord> source(
            StreamExecutionEnvironment env, String bootstrap, List<String> topics, String group) {
        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topics)
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RawRecordDeserializationSchema())
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Source")
                .uid("source");
    }

    private static KafkaSink<byte[]> sink(String bootstrap, String topic) {
        return KafkaSink.<byte[]>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer((KafkaRecordSerializationSchema<byte[]>)
                        (value, context, timestamp) -> new ProducerRecord<>(topic, null, timestamp, null, value))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("linger.ms", "5")
                .setProperty("compression.type", "lz4")
                .build();
    }

    /** A map that counts what passes. */
    static final class CountingMap<I, O> extends RichMapFunction<I, O> {
        private final org.apache.flink.util.function.SerializableFunction<I, O> f;
        private transient Counter processed;

        CountingMap(org.apache.flink.util.function.SerializableFunction<I, O> f) {
            this.f = f;
        }

        @Override
        public void open(OpenContext context) {
            processed = getRuntimeContext().getMetricGroup().counter("numProcessed");
        }

        @Override
        public O map(I value) throws Exception {
            processed.inc();
            return f.apply(value);
        }
    }

    /** Parses the record's JSON and keeps the user and the event time; an unparsable record keeps user "?". */
    static final class ParseUser extends RichMapFunction<RawRecord, Tuple2<String, Long>> {
        private transient ObjectMapper json;

        @Override
        public void open(OpenContext context) {
            json = new ObjectMapper();
        }

        @Override
        public Tuple2<String, Long> map(RawRecord record) {
            try {
                var tree = json.readTree(record.value);
                return Tuple2.of(
                        tree.path("user").asText("?"), tree.path("event_time").asLong());
            } catch (java.io.IOException e) {
                return Tuple2.of("?", 0L); // the market's deliberately corrupt events: counted like any other
            }
        }
    }

    /** One RocksDB ValueState per user: how many events it has seen; emits the count. */
    static final class CountPerUser extends KeyedProcessFunction<String, Tuple2<String, Long>, byte[]> {
        private transient ValueState<Long> count;
        private transient Counter processed;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", TypeInformation.of(Long.class)));
            processed = getRuntimeContext().getMetricGroup().counter("numProcessed");
        }

        @Override
        public void processElement(Tuple2<String, Long> event, Context ctx, Collector<byte[]> out) throws Exception {
            Long seen = count.value();
            long next = seen == null ? 1 : seen + 1;
            count.update(next);
            processed.inc();
            out.collect((event.f0 + "," + next).getBytes(StandardCharsets.UTF_8));
        }
    }
}
