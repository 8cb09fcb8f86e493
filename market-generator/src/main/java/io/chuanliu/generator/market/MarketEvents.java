package io.chuanliu.generator.market;

import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.UserActivity;

/** Receives the events a simulated market produces. */
public interface MarketEvents {

    void order(ExpertOrder order);

    void engagement(Engagement engagement);

    default void activity(UserActivity activity) {}

    default void session(LiveSession session) {}

    /** An operator's control event: seller scores, a brand budget, an opt-out. */
    default void control(ControlEvent control) {}

    /** Sends every event to both receivers. */
    static MarketEvents both(MarketEvents first, MarketEvents second) {
        return new MarketEvents() {
            @Override
            public void order(ExpertOrder order) {
                first.order(order);
                second.order(order);
            }

            @Override
            public void engagement(Engagement engagement) {
                first.engagement(engagement);
                second.engagement(engagement);
            }

            @Override
            public void activity(UserActivity activity) {
                first.activity(activity);
                second.activity(activity);
            }

            @Override
            public void session(LiveSession session) {
                first.session(session);
                second.session(session);
            }
        };
    }

    /** Receives sessions only. */
    static MarketEvents sessionsTo(java.util.function.Consumer<LiveSession> sessions) {
        return new MarketEvents() {
            @Override
            public void order(ExpertOrder order) {}

            @Override
            public void engagement(Engagement engagement) {}

            @Override
            public void session(LiveSession session) {
                sessions.accept(session);
            }
        };
    }
}
