package io.chuanliu.stream.state;

import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.stream.records.SessionUpdate;

/**
 * When one session of a brand's room is (or was) broadcasting, as far as its updates say: from its
 * start while {@code live}, up to its scheduled end, or up to the time it was reported ended. Kept as
 * an interval rather than a flag so that an activity read a little after the session's end update
 * (sources progress at different speeds) is still judged at its own event time. A Flink POJO.
 */
public class LiveWindow {

    public String sessionId;
    public long start;
    /** Exclusive end of the broadcast. */
    public long end;
    /** Whether a live or ended update was seen; a scheduled session is not live yet. */
    public boolean broadcasting;
    /** Whether the session was reported ended. */
    public boolean ended;

    public LiveWindow() {}

    public static LiveWindow of(SessionUpdate update) {
        LiveWindow w = new LiveWindow();
        w.sessionId = update.sessionId;
        w.start = update.startTime;
        w.end = update.endTime;
        w.apply(update);
        return w;
    }

    /** Folds a later update of the same session in. */
    public void apply(SessionUpdate update) {
        if (update.status == SessionStatus.LIVE) {
            broadcasting = true;
            start = update.startTime;
            if (!ended) {
                end = update.endTime;
            }
        } else if (update.status == SessionStatus.ENDED) {
            broadcasting = true;
            ended = true;
            end = Math.min(update.endTime, Math.max(update.eventTime, start));
        }
    }

    public boolean isLiveAt(long time) {
        return broadcasting && time >= start && time < end;
    }
}
