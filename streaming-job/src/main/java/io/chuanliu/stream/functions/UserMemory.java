package io.chuanliu.stream.functions;

import io.chuanliu.common.ranking.OwnHistory;
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

/**
 * What the per-user stage keeps about the current user, in keyed state: the {@code user} value
 * (expert touches per brand and the day's routes; TTL the eligibility window, at least two days), the
 * {@code own-history} the ranker reads (every order and engagement, decayed; TTL
 * {@code ranker.history-ttl}) and an {@code opted-out} flag that never expires. Signals that only
 * change what is known about the user are applied here.
 */
final class UserMemory {

    /** The user value lives at least this long, so the day's routes outlive the day. */
    private static final Duration MIN_USER_TTL = Duration.ofDays(2);

    private final ValueState<UserState> user;
    private final ValueState<OwnHistory> ownHistory;
    private final ValueState<Boolean> optedOut;
    private final long windowMillis;
    private final double lambda;
    private final RoutingMetrics metrics;

    /**
     * @param window the eligibility window: how long a touch makes its user routable
     * @param lambda the own-history decay rate
     */
    UserMemory(RuntimeContext context, Duration window, Duration historyTtl, double lambda, RoutingMetrics metrics) {
        ValueStateDescriptor<UserState> userDescriptor = new ValueStateDescriptor<>("user", UserState.class);
        userDescriptor.enableTimeToLive(
                StateTtl.afterWrite(window.compareTo(MIN_USER_TTL) > 0 ? window : MIN_USER_TTL));
        this.user = context.getState(userDescriptor);
        ValueStateDescriptor<OwnHistory> ownDescriptor =
                new ValueStateDescriptor<>("own-history", OwnHistorySerializer.typeInfo());
        ownDescriptor.enableTimeToLive(StateTtl.afterWrite(historyTtl));
        this.ownHistory = context.getState(ownDescriptor);
        this.optedOut = context.getState(new ValueStateDescriptor<>("opted-out", Boolean.class));
        this.windowMillis = window.toMillis();
        this.lambda = lambda;
        this.metrics = metrics;
    }

    UserState user() throws Exception {
        return user.value();
    }

    void update(UserState value) throws Exception {
        user.update(value);
    }

    /** The user's own history, never null. */
    OwnHistory ownHistory() throws Exception {
        OwnHistory history = ownHistory.value();
        return history == null ? new OwnHistory() : history;
    }

    boolean isOptedOut() throws Exception {
        return Boolean.TRUE.equals(optedOut.value());
    }

    void optOut() throws Exception {
        metrics.optOuts.inc();
        optedOut.update(true);
    }

    void optIn() {
        optedOut.clear();
    }

    /** Every order and engagement of the user goes into the ranker's own-history features, whatever its channel. */
    void remember(UserSignal signal) throws Exception {
        OwnHistory history = ownHistory();
        if (signal.kind == UserSignal.Kind.ENGAGEMENT) {
            history.engagement(signal.brand, signal.detail, signal.eventTime, lambda);
        } else {
            history.order(signal.brand, signal.amountCents / 100.0, signal.refund, signal.eventTime, lambda);
        }
        ownHistory.update(history);
    }

    /** An expert order makes its buyer routable to the brand; its refund takes that back. */
    void onExpertOrder(UserSignal order) throws Exception {
        metrics.expertOrders.inc();
        UserState current = user.value();
        if (order.refund) {
            metrics.refunds.inc();
            if (current != null && current.removeOrder(order.brand, order.orderId)) {
                if (current.isEmpty()) {
                    user.clear(); // the refunded order was all there was
                } else {
                    user.update(current);
                }
            }
            return;
        }
        touch(
                current,
                order.brand,
                new ExpertTouch(
                        order.expert,
                        TouchSource.EXPERT_ORDER,
                        order.orderId,
                        SignalStrength.EXPERT_ORDER,
                        order.eventTime));
    }

    /** A like, cart or view through an expert makes the user routable, more weakly than an order. */
    void onEngagement(UserSignal engagement) throws Exception {
        metrics.engagements.inc();
        touch(
                user.value(),
                engagement.brand,
                new ExpertTouch(
                        engagement.expert,
                        TouchSource.of(engagement.engagementKind()),
                        null,
                        SignalStrength.ofEngagement(engagement.engagementKind()),
                        engagement.eventTime));
    }

    /** The budget stage refused a route this stage proposed: it stops counting against the user's caps. */
    void onRefusal(UserSignal refusal) throws Exception {
        metrics.refusals.inc();
        UserState current = user.value();
        if (current != null && current.routes != null && current.routes.undo(refusal.brand, refusal.eventTime)) {
            metrics.routesTakenBack.inc();
            user.update(current);
        }
    }

    private void touch(UserState current, String brand, ExpertTouch touch) throws Exception {
        UserState updated = current == null ? new UserState() : current;
        updated.addTouch(brand, touch, windowMillis);
        user.update(updated);
    }
}
