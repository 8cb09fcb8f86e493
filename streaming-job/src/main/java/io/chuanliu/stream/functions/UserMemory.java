package io.chuanliu.stream.functions;

import io.chuanliu.common.ranking.OwnHistory;
import io.chuanliu.stream.records.BroadcastUpdate;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.state.ExpertTouch;
import io.chuanliu.stream.state.StateTtl;
import io.chuanliu.stream.state.TouchSource;
import io.chuanliu.stream.state.UserState;
import io.chuanliu.stream.types.OwnHistorySerializer;
import java.time.Duration;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;

/**
 * What the per-user stage keeps about the current user, in keyed state: the {@code user} value
 * ({@link UserState}: expert touches per brand, the day's routes, the own history the ranker reads and
 * a copy of the opt-out; TTL the longest of the eligibility window, two days and
 * {@code ranker.history-ttl}) and an {@code opted-out} flag that never expires. Signals that only
 * change what is known about the user are applied here, each with one read and one write of the value.
 *
 * <p>Versions before format 3 of {@link UserState} kept the own history in a value of its own
 * ({@code own-history}, {@link #LEGACY_OWN_HISTORY}). A value restored from such a savepoint is folded on
 * first use, and {@link #foldLegacy} folds every one left at the first broadcast element after a start;
 * until then a user without a {@code user} value is also looked up there.
 */
final class UserMemory {

    /** The user value lives at least this long, so the day's routes outlive the day. */
    private static final Duration MIN_USER_TTL = Duration.ofDays(2);

    /** The own-history value of versions before format 3 of {@link UserState}: read, folded and cleared. */
    static final String LEGACY_OWN_HISTORY = "own-history";

    private final ValueState<UserState> user;
    private final ValueStateDescriptor<OwnHistory> legacyDescriptor;
    private final ValueState<OwnHistory> legacyOwnHistory;
    private final ValueState<Boolean> optedOut;
    private final long windowMillis;
    private final double lambda;
    private final RoutingMetrics metrics;
    /** Whether {@code own-history} may still hold values: until {@link #foldLegacy} has run since the start. */
    private boolean legacyPossible = true;

    /**
     * @param window the eligibility window: how long a touch makes its user routable
     * @param historyTtl how long the own history lives after the user's last write
     * @param lambda the own-history decay rate
     */
    UserMemory(RuntimeContext context, Duration window, Duration historyTtl, double lambda, RoutingMetrics metrics) {
        ValueStateDescriptor<UserState> userDescriptor = new ValueStateDescriptor<>("user", UserState.class);
        userDescriptor.enableTimeToLive(StateTtl.afterWrite(longest(window, MIN_USER_TTL, historyTtl)));
        this.user = context.getState(userDescriptor);
        legacyDescriptor = new ValueStateDescriptor<>(LEGACY_OWN_HISTORY, OwnHistorySerializer.typeInfo());
        legacyDescriptor.enableTimeToLive(StateTtl.afterWrite(historyTtl));
        this.legacyOwnHistory = context.getState(legacyDescriptor);
        this.optedOut = context.getState(new ValueStateDescriptor<>("opted-out", Boolean.class));
        this.windowMillis = window.toMillis();
        this.lambda = lambda;
        this.metrics = metrics;
    }

    private static Duration longest(Duration a, Duration b, Duration c) {
        Duration ab = a.compareTo(b) >= 0 ? a : b;
        return ab.compareTo(c) >= 0 ? ab : c;
    }

    /** The user's value, or null for a user nothing is known about. */
    UserState user() throws Exception {
        UserState current = user.value();
        if (current != null && current.needsFold) {
            fold(current, legacyPossible ? legacyOwnHistory.value() : null);
            user.update(current);
        }
        return current;
    }

    void update(UserState value) throws Exception {
        user.update(value);
    }

    /** The own history of a user whose value is {@code current} (null: none), never null. */
    OwnHistory ownHistory(UserState current) throws Exception {
        if (current != null) {
            return current.own();
        }
        OwnHistory legacy = legacyPossible ? legacyOwnHistory.value() : null;
        return legacy == null ? new OwnHistory() : legacy;
    }

    /** Whether the user whose value is {@code current} (null: none) opted out. */
    boolean isOptedOut(UserState current) throws Exception {
        return current != null ? current.optedOut : Boolean.TRUE.equals(optedOut.value());
    }

    void optOut() throws Exception {
        metrics.optOuts.inc();
        optedOut.update(true);
        UserState current = orNew(user());
        current.optedOut = true;
        user.update(current);
    }

    void optIn() throws Exception {
        optedOut.clear();
        UserState current = user();
        if (current != null && current.optedOut) {
            current.optedOut = false;
            update(current);
        }
    }

    /** A brand-room or shelf order: it goes into the ranker's own-history features; attribution judges it. */
    void onOrder(UserSignal order) throws Exception {
        UserState current = orNew(user());
        remember(current, order);
        user.update(current);
    }

    /**
     * An expert order makes its buyer routable to the brand (its refund takes that back), and goes into the own
     * history as every order does.
     */
    void onExpertOrder(UserSignal order) throws Exception {
        metrics.expertOrders.inc();
        UserState current = orNew(user());
        remember(current, order);
        if (order.refund) {
            metrics.refunds.inc();
            current.removeOrder(order.brand, order.orderId);
        } else {
            current.addTouch(
                    order.brand,
                    new ExpertTouch(
                            order.expert,
                            TouchSource.EXPERT_ORDER,
                            order.orderId,
                            SignalStrength.EXPERT_ORDER,
                            order.eventTime),
                    windowMillis);
        }
        user.update(current);
    }

    /** A like, cart or view through an expert makes the user routable, more weakly than an order. */
    void onEngagement(UserSignal engagement) throws Exception {
        metrics.engagements.inc();
        UserState current = orNew(user());
        remember(current, engagement);
        current.addTouch(
                engagement.brand,
                new ExpertTouch(
                        engagement.expert,
                        TouchSource.of(engagement.engagementKind()),
                        null,
                        SignalStrength.ofEngagement(engagement.engagementKind()),
                        engagement.eventTime),
                windowMillis);
        user.update(current);
    }

    /** The budget stage refused a route this stage proposed: it stops counting against the user's caps. */
    void onRefusal(UserSignal refusal) throws Exception {
        metrics.refusals.inc();
        UserState current = user();
        if (current != null && current.routes != null && current.routes.undo(refusal.brand, refusal.eventTime)) {
            metrics.routesTakenBack.inc();
            user.update(current);
        }
    }

    /**
     * Folds every {@code own-history} value of this subtask's keys into its user's value and clears it; once
     * per start, at the first broadcast element (the only place a keyed function may visit every key).
     */
    void foldLegacy(KeyedBroadcastProcessFunction<String, UserSignal, BroadcastUpdate, Proposal>.Context ctx)
            throws Exception {
        if (!legacyPossible) {
            return;
        }
        ctx.applyToKeyedState(legacyDescriptor, (key, legacy) -> {
            OwnHistory history = legacy.value();
            if (history != null) {
                UserState current = user.value();
                if (current == null) {
                    current = new UserState();
                    current.optedOut = Boolean.TRUE.equals(optedOut.value());
                    current.setOwn(history);
                } else if (current.needsFold) {
                    fold(current, history);
                }
                user.update(current);
                metrics.legacyHistoriesFolded.inc();
            }
            legacy.clear();
        });
        legacyPossible = false;
    }

    /** Every order and engagement of the user goes into the ranker's own-history features, whatever its channel. */
    private void remember(UserState current, UserSignal signal) {
        if (signal.kind == UserSignal.Kind.ENGAGEMENT) {
            current.own().engagement(signal.brand, signal.detail, signal.eventTime, lambda);
        } else {
            current.own().order(signal.brand, signal.amountCents / 100.0, signal.refund, signal.eventTime, lambda);
        }
    }

    /** The value to write for a user whose value is {@code current}: it, or a new one with what is kept elsewhere. */
    UserState orNew(UserState current) throws Exception {
        if (current != null) {
            return current;
        }
        UserState created = new UserState();
        created.optedOut = Boolean.TRUE.equals(optedOut.value());
        if (legacyPossible) {
            OwnHistory legacy = legacyOwnHistory.value();
            if (legacy != null) {
                created.setOwn(legacy);
                legacyOwnHistory.clear();
            }
        }
        return created;
    }

    /** Completes a value of format 1 or 2 with the own history kept beside it then, and the opt-out. */
    private void fold(UserState current, OwnHistory legacy) throws Exception {
        if (legacy != null) {
            current.setOwn(legacy);
            legacyOwnHistory.clear();
        }
        current.optedOut = Boolean.TRUE.equals(optedOut.value());
        current.needsFold = false;
    }
}
