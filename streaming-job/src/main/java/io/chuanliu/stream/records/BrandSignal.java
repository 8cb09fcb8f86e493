package io.chuanliu.stream.records;

import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.SessionStatus;

/**
 * What the brand-keyed stages hear about one brand: a session update, a daily budget, or a buyer
 * (an expert order, for the warm audience). Exactly one of {@link #session}, {@link #dailyBudget} and
 * {@link #buyer} is set. A Flink POJO.
 */
public class BrandSignal {

    public String brand;
    public SessionUpdate session;
    /** Routed impressions a day; null unless this is a budget. */
    public Long dailyBudget;
    /** The buying user; null unless this is a buyer. */
    public String buyer;

    public long eventTime;

    public BrandSignal() {}

    public static BrandSignal of(SessionUpdate session) {
        BrandSignal s = new BrandSignal();
        s.brand = session.brand;
        s.session = session;
        s.eventTime = session.eventTime;
        return s;
    }

    public static BrandSignal budget(ControlEvent control) {
        BrandSignal s = new BrandSignal();
        s.brand = control.brand();
        s.dailyBudget = control.dailyBudget();
        s.eventTime = control.eventTime();
        return s;
    }

    public static BrandSignal buyer(UserSignal order) {
        BrandSignal s = new BrandSignal();
        s.brand = order.brand;
        s.buyer = order.user;
        s.eventTime = order.eventTime;
        return s;
    }

    public boolean goesLive() {
        return session != null && session.status == SessionStatus.LIVE;
    }
}
