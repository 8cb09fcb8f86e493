package io.chuanliu.stream.testing;

import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.EngagementKind;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.OrderChannel;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Fixtures shared by the streaming tests: a fixed clock and builders for each event. */
public final class RoutingTestData {

    /** 2026-10-29T12:00:00Z: in the past of the wall clock, so validation accepts it. */
    public static final long T0 = Instant.parse("2026-10-29T12:00:00Z").toEpochMilli();

    public static final long MINUTE = Duration.ofMinutes(1).toMillis();
    public static final long HOUR = Duration.ofHours(1).toMillis();
    public static final long DAY = Duration.ofDays(1).toMillis();

    private RoutingTestData() {}

    public static ExpertOrder expertOrder(String orderId, String user, String brand, String expert, long time) {
        return new ExpertOrder(
                orderId, user, brand, brand + "-i01", expert, OrderChannel.EXPERT_LIVE, 9_900, 1, time, false);
    }

    public static ExpertOrder refund(ExpertOrder order, long time) {
        return new ExpertOrder(
                order.orderId(),
                order.user(),
                order.brand(),
                order.item(),
                order.expert(),
                order.channel(),
                order.amountCents(),
                order.quantity(),
                time,
                true);
    }

    public static ExpertOrder brandLiveOrder(String orderId, String user, String brand, long time) {
        return new ExpertOrder(
                orderId, user, brand, brand + "-i01", null, OrderChannel.BRAND_LIVE, 19_900, 1, time, false);
    }

    public static Engagement engagement(String user, String brand, String expert, EngagementKind kind, long time) {
        return new Engagement(user, brand, brand + "-i02", expert, kind, time);
    }

    public static UserActivity activity(String user, long time) {
        return new UserActivity(user, "feed", time);
    }

    public static LiveSession liveSession(
            String brand, String sessionId, SessionStatus status, long start, long end, long time) {
        return new LiveSession(brand, sessionId, status, start, end, List.of(brand + "-i01"), time);
    }

    public static SessionUpdate goesLive(String brand, String sessionId, long start, long end) {
        return SessionUpdate.of(liveSession(brand, sessionId, SessionStatus.LIVE, start, end, start));
    }

    public static SessionUpdate ends(String brand, String sessionId, long start, long end) {
        return SessionUpdate.of(liveSession(brand, sessionId, SessionStatus.ENDED, start, end, end));
    }

    public static UserSignal signal(ExpertOrder order) {
        return UserSignal.of(order);
    }

    public static UserSignal signal(Engagement engagement) {
        return UserSignal.of(engagement);
    }

    public static UserSignal signal(UserActivity activity) {
        return UserSignal.of(activity);
    }

    /** A proposal the per-user stage could make: routed (or held out) to {@code brand}'s session {@code s-<brand>}. */
    public static io.chuanliu.stream.records.Proposal proposal(
            String user, String brand, long activityTime, boolean holdout, String[] experts, double[] shares) {
        io.chuanliu.stream.records.Proposal p = new io.chuanliu.stream.records.Proposal();
        p.decisionId = "d-" + user + "-" + brand + "-" + activityTime;
        p.user = user;
        p.brand = brand;
        p.sessionId = "s-" + brand;
        p.score = 1;
        p.reason = experts.length == 0 ? "audience:v1" : "expert_order:" + experts[0];
        p.expert = experts.length == 0 ? null : experts[experts.length - 1];
        p.experts = experts;
        p.shares = shares;
        p.activityTime = activityTime;
        p.holdout = holdout;
        return p;
    }
}
