package io.chuanliu.stream.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.common.json.EventParser;
import io.chuanliu.stream.records.RawRecord;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.testing.RoutingTestData;
import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParseEventsTest {

    private OneInputStreamOperatorTestHarness<RawRecord, UserSignal> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(
                new ParseEvents<>(new EventParser<>(ExpertOrder.class, 3_600_000L), UserSignal::of));
        harness.setProcessingTime(RoutingTestData.T0);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void shouldTurnAValidOrderIntoAUserSignal() throws Exception {
        ExpertOrder order = RoutingTestData.expertOrder("o1", "u1", "b1", "e1", RoutingTestData.T0);

        harness.processElement(new RawRecord("expert-orders", 0, 7, order.eventTime(), EventJson.toBytes(order)), order.eventTime());

        assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
            assertThat(s.kind).isEqualTo(UserSignal.Kind.EXPERT_ORDER);
            assertThat(s.user).isEqualTo("u1");
            assertThat(s.expert).isEqualTo("e1");
        });
        assertThat(harness.getSideOutput(ParseEvents.DEAD_LETTERS)).isNull();
    }

    @Test
    void shouldSendAnInvalidRecordToTheDeadLettersWithItsReasonAndRawBytes() throws Exception {
        byte[] raw = "{\"order_id\":\"o1\", oops".getBytes(StandardCharsets.UTF_8);

        harness.processElement(new RawRecord("expert-orders", 3, 42, RoutingTestData.T0, raw), RoutingTestData.T0);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(ParseEvents.DEAD_LETTERS)).singleElement()
                .extracting(StreamRecord::getValue)
                .satisfies(d -> {
                    DeadLetter letter = (DeadLetter) d;
                    assertThat(letter.sourceTopic()).isEqualTo("expert-orders");
                    assertThat(letter.partition()).isEqualTo(3);
                    assertThat(letter.offset()).isEqualTo(42);
                    assertThat(letter.reason()).startsWith("malformed JSON");
                    assertThat(letter.raw()).isEqualTo(raw);
                });
    }

    @Test
    void shouldDeadLetterAnEventTimeFarAheadOfTheClock() throws Exception {
        ExpertOrder order = RoutingTestData.expertOrder("o1", "u1", "b1", "e1", RoutingTestData.T0 + RoutingTestData.DAY);

        harness.processElement(new RawRecord("expert-orders", 0, 8, order.eventTime(), EventJson.toBytes(order)), order.eventTime());

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(ParseEvents.DEAD_LETTERS)).singleElement()
                .extracting(r -> ((DeadLetter) r.getValue()).reason())
                .asString().contains("in the future");
    }

    @Test
    void shouldDeadLetterARecordWithoutValue() throws Exception {
        harness.processElement(new RawRecord("expert-orders", 0, 1, RoutingTestData.T0, null), RoutingTestData.T0);

        assertThat(harness.getSideOutput(ParseEvents.DEAD_LETTERS)).singleElement()
                .extracting(r -> ((DeadLetter) r.getValue()).reason())
                .isEqualTo("empty record");
    }
}
