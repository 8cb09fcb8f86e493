package io.chuanliu.stream.state;

import io.chuanliu.stream.records.SessionUpdate;

/**
 * The latest two sessions of one brand's room (brands broadcast at most a few times a day), the value
 * of the broadcast state. Two are kept so that the afternoon session still answers for afternoon
 * activities after the evening session has started. A Flink POJO.
 */
public class BrandSessions {

    public LiveWindow latest;
    public LiveWindow earlier;

    public BrandSessions() {}

    /** Applies an update to the session it names, making room for a new session by dropping the oldest. */
    public void apply(SessionUpdate update) {
        if (latest != null && latest.sessionId.equals(update.sessionId)) {
            latest.apply(update);
        } else if (earlier != null && earlier.sessionId.equals(update.sessionId)) {
            earlier.apply(update);
        } else if (latest == null || update.startTime >= latest.start) {
            earlier = latest;
            latest = LiveWindow.of(update);
        } else if (earlier == null || update.startTime >= earlier.start) {
            earlier = LiveWindow.of(update);
        }
    }

    /** The session broadcasting at {@code time}, or null. */
    public LiveWindow liveAt(long time) {
        if (latest != null && latest.isLiveAt(time)) {
            return latest;
        }
        if (earlier != null && earlier.isLiveAt(time)) {
            return earlier;
        }
        return null;
    }

    /** The known session with this id, or null. */
    public LiveWindow byId(String sessionId) {
        if (latest != null && latest.sessionId.equals(sessionId)) {
            return latest;
        }
        return earlier != null && earlier.sessionId.equals(sessionId) ? earlier : null;
    }

    /** Whether the latest session is on air now, by its updates (for the live-brands gauge). */
    public boolean isOnAir() {
        return latest != null && latest.broadcasting && !latest.ended;
    }
}
