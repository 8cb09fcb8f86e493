package io.chuanliu.generator.market;

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
}
