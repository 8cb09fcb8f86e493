package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The state of one broadcast of a brand's own live room. */
public enum SessionStatus {
    @JsonProperty("scheduled")
    SCHEDULED,
    @JsonProperty("live")
    LIVE,
    @JsonProperty("ended")
    ENDED
}
