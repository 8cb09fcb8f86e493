package io.chuanliu.stream.serde;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.expertOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.common.json.EventParser;
import io.chuanliu.stream.records.UserSignal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

class EventDeserializationSchemaTest {

    private static final long HOUR = 3_600_000L;

    private final EventDeserializationSchema<ExpertOrder, UserSignal> orders = new EventDeserializationSchema<>(
            new EventParser<>(ExpertOrder.class, HOUR), UserSignal::of, TypeInformation.of(UserSignal.class));

    @Test
    void shouldTimeAValidEventByItsPayloadNotByTheKafkaTimestamp() {
        ExpertOrder order = expertOrder("o1", "u1", "b1", "e1", T0 - DAY);

        Tuple2<Long, Either<UserSignal, DeadLetter>> parsed =
                orders.parse("expert-orders", 0, 7, EventJson.toBytes(order), T0);

        assertThat(parsed.f0).isEqualTo(T0 - DAY);
        assertThat(parsed.f1.isLeft()).isTrue();
        assertThat(parsed.f1.left().orderId).isEqualTo("o1");
    }

    @Test
    void shouldGiveADeadLetterNoEventTimeSoItCannotMoveTheWatermark() {
        byte[] raw = "{\"order_id\":\"o1\", oops".getBytes(StandardCharsets.UTF_8);

        Tuple2<Long, Either<UserSignal, DeadLetter>> parsed = orders.parse("expert-orders", 3, 42, raw, T0);

        assertThat(parsed.f0).isEqualTo(EventDeserializationSchema.NO_TIME);
        DeadLetter letter = parsed.f1.right();
        assertThat(letter.sourceTopic()).isEqualTo("expert-orders");
        assertThat(letter.partition()).isEqualTo(3);
        assertThat(letter.offset()).isEqualTo(42);
        assertThat(letter.reason()).startsWith("malformed JSON");
        assertThat(letter.raw()).isEqualTo(raw);
        assertThat(letter.rawLength()).isEqualTo(raw.length);
        assertThat(letter.failedAt()).isEqualTo(T0);
    }

    @Test
    void shouldDeadLetterAnEventTimeFarAheadOfTheClock() {
        ExpertOrder order = expertOrder("o1", "u1", "b1", "e1", T0 + DAY);

        assertThat(orders.parse("expert-orders", 0, 8, EventJson.toBytes(order), T0)
                        .f1
                        .right()
                        .reason())
                .contains("in the future");
    }

    @Test
    void shouldDeadLetterATombstone() {
        DeadLetter letter = orders.parse("expert-orders", 0, 1, null, T0).f1.right();

        assertThat(letter.reason()).isEqualTo("empty record");
        assertThat(letter.raw()).isEmpty();
        assertThat(letter.rawLength()).isZero();
    }

    @Test
    void shouldCapAHugeRecordsDeadLetterWellUnderKafkasRequestLimit() {
        byte[] huge = new byte[900_000];
        Arrays.fill(huge, (byte) 'x');
        huge[0] = '{';

        DeadLetter letter = orders.parse("expert-orders", 0, 9, huge, T0).f1.right();

        assertThat(letter.raw()).hasSize(DeadLetter.MAX_RAW_BYTES);
        assertThat(letter.rawLength()).isEqualTo(900_000);
        assertThat(letter.isTruncated()).isTrue();
        assertThat(letter.rawSha256()).hasSize(64);
        assertThat(EventJson.toBytes(letter).length).isLessThan(100_000);
    }

    @Test
    void shouldDeadLetterAValidEventThatTheConversionCannotUse() {
        EventDeserializationSchema<ControlEvent, String> failing = new EventDeserializationSchema<>(
                new EventParser<>(ControlEvent.class, HOUR),
                c -> {
                    throw new IllegalStateException("no stage for " + c.kind());
                },
                TypeInformation.of(String.class));
        byte[] raw =
                ("{\"kind\":\"opt_out\",\"user\":\"u1\",\"event_time\":" + T0 + "}").getBytes(StandardCharsets.UTF_8);

        assertThat(failing.parse("control", 0, 1, raw, T0).f1.right().reason())
                .startsWith("valid event that the job cannot use")
                .contains("no stage for OPT_OUT");
    }
}
