package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One broadcast of a brand's own live room. Each status change is a new event of the same
 * session.
 *
 * @param startTime scheduled or actual start, epoch milliseconds
 * @param endTime scheduled or actual end, epoch milliseconds
 * @param eventTime when this status was reported, epoch milliseconds
 */
public record LiveSession(
        @JsonProperty(required = true) String brand,
        @JsonProperty(value = "session_id", required = true) String sessionId,
        @JsonProperty(required = true) SessionStatus status,
        @JsonProperty(value = "start_time", required = true) long startTime,
        @JsonProperty(value = "end_time", required = true) long endTime,
        @JsonProperty("shelf_items") List<String> shelfItems,
        @JsonProperty(value = "event_time", required = true) long eventTime)
        implements Event {

    /** Longer sessions are producer bugs (e.g. an end time in seconds or far in the future). */
    public static final long MAX_LENGTH_MILLIS = 7L * 24 * 3_600_000;

    public LiveSession {
        shelfItems = shelfItems == null ? List.of() : List.copyOf(shelfItems);
    }

    @Override
    public void validate(Validator v) {
        v.notBlank("brand", brand)
                .notBlank("session_id", sessionId)
                .present("status", status)
                .eventTime(eventTime)
                .epochMillis("start_time", startTime);
        v.check(endTime > startTime, "end_time must be after start_time");
        v.check(
                endTime - startTime <= MAX_LENGTH_MILLIS,
                "a session lasts at most 7 days, got start_time " + startTime + " and end_time " + endTime);
    }
}
