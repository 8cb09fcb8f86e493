package io.chuanliu.stream.serde;

import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.json.EventParser;
import io.chuanliu.common.json.ParseResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses, validates and converts each Kafka record in the source, so that event time and watermarks
 * come from a validated payload, never from a record that will be dead-lettered. Emits
 * {@code (eventTime, Left(value))} for a valid event and {@code (NO_TIME, Right(deadLetter))} for
 * anything else; nothing here throws on input, whatever the bytes.
 */
public final class EventDeserializationSchema<T extends Event, OUT>
        implements KafkaRecordDeserializationSchema<Tuple2<Long, Either<OUT, DeadLetter>>> {

    private static final long serialVersionUID = 1L;

    /** The time of a dead letter: below every event time, so it never moves a watermark. */
    public static final long NO_TIME = Long.MIN_VALUE;

    private final EventParser<T> parser;
    private final SerializableFunction<T, OUT> convert;
    private final TypeInformation<OUT> outType;

    public EventDeserializationSchema(
            EventParser<T> parser, SerializableFunction<T, OUT> convert, TypeInformation<OUT> outType) {
        this.parser = parser;
        this.convert = convert;
        this.outType = outType;
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<Tuple2<Long, Either<OUT, DeadLetter>>> out) {
        out.collect(
                parse(record.topic(), record.partition(), record.offset(), record.value(), System.currentTimeMillis()));
    }

    /** One record's outcome; {@code now} is the wall clock that event times are checked against. */
    public Tuple2<Long, Either<OUT, DeadLetter>> parse(
            String topic, int partition, long offset, byte[] value, long now) {
        ParseResult<T> result = parser.parse(value, now);
        String reason;
        if (result.isValid()) {
            try {
                return Tuple2.of(result.event().eventTime(), Either.Left(convert.apply(result.event())));
            } catch (RuntimeException e) {
                reason = "valid event that the job cannot use: " + e;
            }
        } else {
            reason = result.reason();
        }
        return Tuple2.of(NO_TIME, Either.Right(DeadLetter.of(topic, partition, offset, reason, value, now)));
    }

    @Override
    public TypeInformation<Tuple2<Long, Either<OUT, DeadLetter>>> getProducedType() {
        return new TupleTypeInfo<>(Types.LONG, new EitherTypeInfo<>(outType, TypeInformation.of(DeadLetter.class)));
    }
}
