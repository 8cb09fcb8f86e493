package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A user active in the app: a moment when one traffic slot can be filled. */
public record UserActivity(
        @JsonProperty(required = true) String user,
        @JsonProperty(required = true) String surface,
        @JsonProperty(value = "event_time", required = true) long eventTime)
        implements Event {

    @Override
    public void validate(Validator v) {
        v.notBlank("user", user).notBlank("surface", surface).eventTime(eventTime);
    }
}
