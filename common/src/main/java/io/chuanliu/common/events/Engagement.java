package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A like, add-to-cart or long view of a brand's item card in an expert's stream. */
public record Engagement(
        @JsonProperty(required = true) String user,
        @JsonProperty(required = true) String brand,
        String item,
        @JsonProperty(required = true) String expert,
        @JsonProperty(required = true) EngagementKind kind,
        @JsonProperty(value = "event_time", required = true) long eventTime)
        implements Event {

    @Override
    public void validate(Validator v) {
        v.notBlank("user", user)
                .notBlank("brand", brand)
                .notBlank("expert", expert)
                .present("kind", kind)
                .eventTime(eventTime);
    }
}
