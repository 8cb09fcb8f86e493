package io.chuanliu.stream.records;

import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.SessionStatus;

/** The part of a {@link LiveSession} that routing needs, as a Flink POJO for the broadcast side. */
public class SessionUpdate {

    public String brand;
    public String sessionId;
    public SessionStatus status;
    public long startTime;
    public long endTime;
    public long eventTime;

    public SessionUpdate() {}

    public static SessionUpdate of(LiveSession session) {
        SessionUpdate u = new SessionUpdate();
        u.brand = session.brand();
        u.sessionId = session.sessionId();
        u.status = session.status();
        u.startTime = session.startTime();
        u.endTime = session.endTime();
        u.eventTime = session.eventTime();
        return u;
    }
}
