package io.chuanliu.stream.records;

import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.ControlKind;
import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.EngagementKind;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.common.events.UserActivity;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Everything the per-user stage hears about one user, flattened into one record so that the three
 * user-keyed streams can be unioned; serialised by {@link UserSignalSerializer}.
 */
@TypeInfo(UserSignalSerializer.Factory.class)
public class UserSignal {

    /** What kind of signal this is. */
    public enum Kind {
        EXPERT_ORDER,
        BRAND_LIVE_ORDER,
        SHELF_ORDER,
        ENGAGEMENT,
        ACTIVITY,
        /** A brand went live: remind this warm buyer of it (from the warm-audience stage). */
        REMINDER,
        OPT_OUT,
        OPT_IN,
        /** The budget stage refused the route proposed for the activity at {@code eventTime} to {@code brand}. */
        REFUSAL
    }

    public Kind kind;
    public String user;
    /** The brand, for orders and engagements. */
    public String brand;
    /** The expert, for expert orders and engagements. */
    public String expert;
    /** Order id, for orders. */
    public String orderId;
    /** Engagement kind (like, cart, view), for engagements. */
    public String detail;

    public long amountCents;
    public boolean refund;
    public long eventTime;
    /** For reminders: the session and its broadcast interval. */
    public String sessionId;

    public long sessionStart;
    public long sessionEnd;
    /** Wall-clock time the event was parsed, for the decision-latency histogram. */
    public long parsedAt;

    private static final String[] ENGAGEMENT_KINDS = java.util.Arrays.stream(EngagementKind.values())
            .map(k -> k.name().toLowerCase(Locale.ROOT))
            .toArray(String[]::new);

    public UserSignal() {}

    public static UserSignal of(ExpertOrder order) {
        UserSignal s = new UserSignal();
        s.kind = switch (order.channel()) {
            case EXPERT_LIVE, EXPERT_VIDEO -> Kind.EXPERT_ORDER;
            case BRAND_LIVE -> Kind.BRAND_LIVE_ORDER;
            case SHELF -> Kind.SHELF_ORDER;
        };
        s.user = order.user();
        s.brand = order.brand();
        s.expert = order.expert();
        s.orderId = order.orderId();
        s.amountCents = order.amountCents();
        s.refund = order.refund();
        s.eventTime = order.eventTime();
        return s;
    }

    /** The kind of an engagement signal (its {@code detail}). */
    public EngagementKind engagementKind() {
        for (int i = 0; i < ENGAGEMENT_KINDS.length; i++) {
            if (ENGAGEMENT_KINDS[i].equals(detail)) {
                return EngagementKind.values()[i];
            }
        }
        throw new IllegalStateException(this + " is not an engagement of a known kind");
    }

    public static UserSignal of(Engagement engagement) {
        UserSignal s = new UserSignal();
        s.kind = Kind.ENGAGEMENT;
        s.user = engagement.user();
        s.brand = engagement.brand();
        s.expert = engagement.expert();
        s.detail = ENGAGEMENT_KINDS[engagement.kind().ordinal()];
        s.eventTime = engagement.eventTime();
        return s;
    }

    public static UserSignal of(UserActivity activity) {
        UserSignal s = new UserSignal();
        s.kind = Kind.ACTIVITY;
        s.user = activity.user();
        s.eventTime = activity.eventTime();
        s.parsedAt = System.currentTimeMillis();
        return s;
    }

    /** An opt-out or opt-in; other control events are not about one user. */
    public static UserSignal of(ControlEvent control) {
        UserSignal s = new UserSignal();
        s.kind = control.kind() == ControlKind.OPT_OUT ? Kind.OPT_OUT : Kind.OPT_IN;
        s.user = control.user();
        s.eventTime = control.eventTime();
        return s;
    }

    /** A refused proposal coming back to be taken off the user's routes. */
    public static UserSignal of(RouteRefusal refusal) {
        UserSignal s = new UserSignal();
        s.kind = Kind.REFUSAL;
        s.user = refusal.user();
        s.brand = refusal.brand();
        s.sessionId = refusal.sessionId();
        s.detail = refusal.rule();
        s.eventTime = refusal.activityTime();
        return s;
    }

    /** A go-live reminder of {@code brand}'s session for one of its recent expert buyers. */
    public static UserSignal reminder(
            String user, String brand, String sessionId, long start, long end, long eventTime) {
        UserSignal s = new UserSignal();
        s.kind = Kind.REMINDER;
        s.user = user;
        s.brand = brand;
        s.sessionId = sessionId;
        s.sessionStart = start;
        s.sessionEnd = end;
        s.eventTime = eventTime;
        s.parsedAt = System.currentTimeMillis();
        return s;
    }

    @Override
    public String toString() {
        return kind + "{user=" + user + ", brand=" + brand + ", expert=" + expert + ", t=" + eventTime + "}";
    }
}
