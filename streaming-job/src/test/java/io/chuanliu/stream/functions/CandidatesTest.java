package io.chuanliu.stream.functions;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.activity;
import static io.chuanliu.stream.testing.RoutingTestData.liveSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.model.UserRecord;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.state.BrandSessions;
import io.chuanliu.stream.state.ExpertTouch;
import io.chuanliu.stream.state.TouchSource;
import io.chuanliu.stream.state.UserState;
import io.chuanliu.stream.testing.MapBroadcastState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidatesTest {

    private static final long WINDOW = 7 * DAY;
    private static final Candidates CANDIDATES = new Candidates(WINDOW, 0.2);

    private final MapBroadcastState<String, BrandSessions> live = new MapBroadcastState<String, BrandSessions>()
            .with("b1", sessions("b1", "s1", T0, T0 + 4 * HOUR))
            .with("b2", sessions("b2", "s2", T0 + 2 * HOUR, T0 + 4 * HOUR));

    @Test
    void shouldOfferOnlyTheLiveBrandsTheUserHasAValidTouchOf() throws Exception {
        UserState user = new UserState();
        user.addTouch("b1", order("e1", T0 - DAY), WINDOW);
        user.addTouch("b2", order("e2", T0 - DAY), WINDOW);
        user.addTouch("b3", order("e3", T0 - DAY), WINDOW);

        List<Candidate> found = CANDIDATES.ofTouches(UserSignal.of(activity("u1", T0 + HOUR)), user, live);

        assertThat(found).extracting(c -> c.brand, c -> c.sessionId).containsExactly(tuple("b1", "s1"));
        assertThat(found.get(0).touches).extracting(t -> t.expert).containsExactly("e1");
    }

    @Test
    void shouldOfferNothingForTouchesOlderThanTheWindow() throws Exception {
        UserState user = new UserState();
        user.addTouch("b1", order("e1", T0 - WINDOW - HOUR), WINDOW);

        assertThat(CANDIDATES.ofTouches(UserSignal.of(activity("u1", T0 + HOUR)), user, live))
                .isEmpty();
        assertThat(CANDIDATES.ofTouches(UserSignal.of(activity("u1", T0 + HOUR)), null, live))
                .isEmpty();
    }

    @Test
    void shouldOfferAReminderItsOwnSessionOnlyWhileItRuns() throws Exception {
        UserState user = new UserState();
        user.addTouch("b9", order("e9", T0 - DAY), WINDOW);

        UserSignal during = UserSignal.reminder("u1", "b9", "s9", T0, T0 + HOUR, T0 + 1);
        UserSignal after = UserSignal.reminder("u1", "b9", "s9", T0, T0 + HOUR, T0 + HOUR);

        assertThat(CANDIDATES.ofTouches(during, user, live))
                .extracting(c -> c.brand, c -> c.sessionId)
                .containsExactly(tuple("b9", "s9"));
        assertThat(CANDIDATES.ofTouches(after, user, live)).isEmpty();
    }

    @Test
    void shouldAddLiveAudienceBrandsThatAreNotCandidatesAlready() throws Exception {
        List<Candidate> candidates =
                new ArrayList<>(List.of(new Candidate("b1", "s1", new ExpertTouch[] {order("e1", T0)}, 1.0)));
        UserRecord record = new UserRecord(new float[] {1f}, new String[] {"b1", "b2", "b4"});

        CANDIDATES.addAudiences(record, T0 + 3 * HOUR, live, candidates);

        assertThat(candidates)
                .extracting(c -> c.brand, Candidate::isAudience, c -> c.strength)
                .containsExactly(tuple("b1", false, 1.0), tuple("b2", true, 0.2));
    }

    private static ExpertTouch order(String expert, long time) {
        return new ExpertTouch(expert, TouchSource.EXPERT_ORDER, "o-" + expert, SignalStrength.EXPERT_ORDER, time);
    }

    private static BrandSessions sessions(String brand, String session, long start, long end) {
        BrandSessions sessions = new BrandSessions();
        sessions.apply(SessionUpdate.of(liveSession(brand, session, SessionStatus.LIVE, start, end, start)));
        return sessions;
    }
}
