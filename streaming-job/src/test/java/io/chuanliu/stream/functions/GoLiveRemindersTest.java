package io.chuanliu.stream.functions;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.ends;
import static io.chuanliu.stream.testing.RoutingTestData.expertOrder;
import static io.chuanliu.stream.testing.RoutingTestData.goesLive;
import static io.chuanliu.stream.testing.RoutingTestData.liveSession;
import static io.chuanliu.stream.testing.RoutingTestData.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.stream.records.BrandSignal;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class GoLiveRemindersTest {

    private KeyedOneInputStreamOperatorTestHarness<String, BrandSignal, UserSignal> open(int maxPerSession)
            throws Exception {
        var harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new GoLiveReminders(Duration.ofDays(7), maxPerSession), s -> s.brand, Types.STRING);
        harness.open();
        return harness;
    }

    private static void buyer(
            KeyedOneInputStreamOperatorTestHarness<String, BrandSignal, UserSignal> h, String user, long time)
            throws Exception {
        h.processElement(BrandSignal.buyer(signal(expertOrder("o-" + user, user, "b1", "e1", time))), time);
    }

    @Test
    void shouldRemindTheRecentExpertBuyersOnceWhenTheBrandGoesLive() throws Exception {
        try (var h = open(10)) {
            buyer(h, "u1", T0 - DAY);
            buyer(h, "u2", T0 - 2 * DAY);
            buyer(h, "stale", T0 - 8 * DAY);
            h.processWatermark(T0);
            h.processElement(BrandSignal.of(goesLive("b1", "s1", T0, T0 + 2 * HOUR)), T0);
            h.processElement(BrandSignal.of(goesLive("b1", "s1", T0, T0 + 2 * HOUR)), T0 + 1);

            List<UserSignal> reminders = h.extractOutputValues();
            assertThat(reminders).extracting(r -> r.user).containsExactlyInAnyOrder("u1", "u2");
            assertThat(reminders).allSatisfy(r -> {
                assertThat(r.kind).isEqualTo(UserSignal.Kind.REMINDER);
                assertThat(r.sessionId).isEqualTo("s1");
                assertThat(r.eventTime).isEqualTo(T0);
            });
        }
    }

    @Test
    void shouldRemindOnlyTheMostRecentBuyersBeyondTheLimit() throws Exception {
        try (var h = open(2)) {
            buyer(h, "oldest", T0 - 3 * DAY);
            buyer(h, "middle", T0 - 2 * DAY);
            buyer(h, "newest", T0 - DAY);
            h.processWatermark(T0);
            h.processElement(BrandSignal.of(goesLive("b1", "s1", T0, T0 + 2 * HOUR)), T0);

            assertThat(h.extractOutputValues()).extracting(r -> r.user).containsExactlyInAnyOrder("newest", "middle");
        }
    }

    @Test
    void shouldRemindWhenTheSessionStartsInEventTimeNotWhenItsGoLiveIsHeard() throws Exception {
        try (var h = open(10)) {
            buyer(h, "early", T0 - DAY);
            announceTwoHoursAhead(h);
            assertThat(h.extractOutputValues()).as("nothing before the start").isEmpty();
            assertThat(h.numKeyedStateEntries())
                    .as("buyers, reminded session, pending session")
                    .isEqualTo(3);

            buyer(h, "sameDay", T0 - HOUR);
            h.processWatermark(T0 - 1);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(T0);

            List<UserSignal> reminders = h.extractOutputValues();
            assertThat(reminders).extracting(r -> r.user).containsExactlyInAnyOrder("early", "sameDay");
            assertThat(reminders).allSatisfy(r -> assertThat(r.eventTime).isEqualTo(T0));
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries())
                    .as("the pending session is gone: the buyers and the reminded session")
                    .isEqualTo(2);
        }
    }

    @Test
    void shouldRemindNoOneWhenASessionEndsBeforeItsStart() throws Exception {
        try (var h = open(10)) {
            buyer(h, "u1", T0 - DAY);
            announceTwoHoursAhead(h);
            h.processElement(BrandSignal.of(ends("b1", "s1", T0, T0 + 2 * HOUR)), T0 - HOUR);
            h.processWatermark(T0 + HOUR);

            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries())
                    .as("the pending session is gone: the buyer and the reminded session")
                    .isEqualTo(2);
        }
    }

    /** Session s1 of b1, from T0 to T0 + 2 h, heard as live two hours before it starts (and the watermark with it). */
    private static void announceTwoHoursAhead(KeyedOneInputStreamOperatorTestHarness<String, BrandSignal, UserSignal> h)
            throws Exception {
        long heardAt = T0 - 2 * HOUR;
        h.processWatermark(heardAt);
        h.processElement(
                BrandSignal.of(
                        SessionUpdate.of(liveSession("b1", "s1", SessionStatus.LIVE, T0, T0 + 2 * HOUR, heardAt))),
                heardAt);
    }
}
