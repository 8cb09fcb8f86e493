package io.chuanliu.generator.output;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One record of the live day as it goes to Kafka: topic, key, the value's exact text (which may be
 * deliberately invalid) and the event time used as the Kafka record timestamp.
 */
public record LiveEvent(
        @JsonProperty("time") long time,
        @JsonProperty("topic") String topic,
        @JsonProperty("key") String key,
        @JsonProperty("value") String value) {}
