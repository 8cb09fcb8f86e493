package io.chuanliu.stream.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.common.json.EventParser;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.serde.EventDeserializationSchema;
import io.chuanliu.stream.testing.RoutingTestData;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParseEventsTest {

    private final EventDeserializationSchema<ExpertOrder, UserSignal> source = new EventDeserializationSchema<>(
            new EventParser<>(ExpertOrder.class, 3_600_000L), UserSignal::of, TypeInformation.of(UserSignal.class));
    private OneInputStreamOperatorTestHarness<Tuple2<Long, Either<UserSignal, DeadLetter>>, UserSignal> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new ParseEvents<>());
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private void read(long offset, byte[] value) throws Exception {
        Tuple2<Long, Either<UserSignal, DeadLetter>> parsed =
                source.parse("expert-orders", 0, offset, value, RoutingTestData.T0);
        harness.processElement(parsed, parsed.f0);
    }

    @Test
    void shouldPassAValidOrderOnAsAUserSignal() throws Exception {
        read(7, EventJson.toBytes(RoutingTestData.expertOrder("o1", "u1", "b1", "e1", RoutingTestData.T0)));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
            assertThat(s.kind).isEqualTo(UserSignal.Kind.EXPERT_ORDER);
            assertThat(s.user).isEqualTo("u1");
            assertThat(s.expert).isEqualTo("e1");
        });
        assertThat(harness.getSideOutput(ParseEvents.DEAD_LETTERS)).isNull();
    }

    @Test
    void shouldSendAnInvalidRecordToTheDeadLetters() throws Exception {
        read(42, "{\"order_id\":\"o1\", oops".getBytes(StandardCharsets.UTF_8));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(ParseEvents.DEAD_LETTERS))
                .singleElement()
                .extracting(StreamRecord::getValue)
                .satisfies(d -> assertThat(((DeadLetter) d).offset()).isEqualTo(42));
    }

    @Test
    void shouldSendEveryRecordOneWayOrTheOther() throws Exception {
        for (int i = 0; i < 5; i++) {
            read(i, EventJson.toBytes(RoutingTestData.expertOrder("o" + i, "u" + i, "b1", "e1", RoutingTestData.T0)));
        }
        read(5, null);
        read(6, "[]".getBytes(StandardCharsets.UTF_8));

        assertThat(harness.extractOutputValues()).hasSize(5);
        assertThat(harness.getSideOutput(ParseEvents.DEAD_LETTERS)).hasSize(2);
    }
}
