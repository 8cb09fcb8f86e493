package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An input record that could not be used, kept whole so it can be fixed and replayed.
 *
 * @param raw the record's value bytes exactly as read (base64 in JSON)
 * @param failedAt processing time of the rejection, epoch milliseconds
 */
public record DeadLetter(
        @JsonProperty("source_topic") String sourceTopic,
        int partition,
        long offset,
        String reason,
        byte[] raw,
        @JsonProperty("failed_at") long failedAt) {}
