package io.chuanliu.stream.functions;

import io.chuanliu.common.model.UserRecord;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.state.BrandSessions;
import io.chuanliu.stream.state.BrandTouches;
import io.chuanliu.stream.state.ExpertTouch;
import io.chuanliu.stream.state.LiveWindow;
import io.chuanliu.stream.state.UserState;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * The live brands a user could be routed to at one activity: brands with a valid expert touch (an
 * order or engagement within the eligibility window), and with a model the brands whose look-alike
 * audience holds the user. A go-live reminder has one candidate, its own brand and session.
 */
final class Candidates {

    private final long windowMillis;
    private final double audienceStrength;

    Candidates(long windowMillis, double audienceStrength) {
        this.windowMillis = windowMillis;
        this.audienceStrength = audienceStrength;
    }

    /** The brands the user's expert touches make eligible now (empty without touches). */
    List<Candidate> ofTouches(UserSignal signal, UserState user, ReadOnlyBroadcastState<String, BrandSessions> live)
            throws Exception {
        long t = signal.eventTime;
        List<Candidate> candidates = new ArrayList<>(2);
        if (user == null) {
            return candidates;
        }
        if (signal.kind == UserSignal.Kind.REMINDER) {
            // The reminder carries its session, so it does not race the broadcast of the same go-live.
            BrandTouches brandTouches = user.touchesOf(signal.brand);
            ExpertTouch[] valid = brandTouches == null ? new ExpertTouch[0] : brandTouches.validAt(t, windowMillis);
            if (valid.length > 0 && t >= signal.sessionStart && t < signal.sessionEnd) {
                candidates.add(
                        new Candidate(signal.brand, signal.sessionId, valid, brandTouches.strengthAt(t, windowMillis)));
            }
            return candidates;
        }
        for (int i = 0; i < user.brands.length; i++) {
            LiveWindow session = liveAt(live, user.brands[i], t);
            if (session == null) {
                continue;
            }
            ExpertTouch[] valid = user.touches[i].validAt(t, windowMillis);
            if (valid.length > 0) {
                candidates.add(new Candidate(
                        user.brands[i], session.sessionId, valid, user.touches[i].strengthAt(t, windowMillis)));
            }
        }
        return candidates;
    }

    /** Adds the live brands whose look-alike audience holds the user and that are not candidates already. */
    void addAudiences(
            UserRecord record, long t, ReadOnlyBroadcastState<String, BrandSessions> live, List<Candidate> candidates)
            throws Exception {
        for (String brand : record.audienceBrands()) {
            if (candidates.stream().anyMatch(c -> c.brand.equals(brand))) {
                continue;
            }
            LiveWindow session = liveAt(live, brand, t);
            if (session != null) {
                candidates.add(new Candidate(brand, session.sessionId, new ExpertTouch[0], audienceStrength));
            }
        }
    }

    private static LiveWindow liveAt(ReadOnlyBroadcastState<String, BrandSessions> live, String brand, long t)
            throws Exception {
        BrandSessions sessions = live.get(brand);
        return sessions == null ? null : sessions.liveAt(t);
    }
}
