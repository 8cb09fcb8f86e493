package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.chuanliu.common.model.Checksums;
import java.util.Arrays;

/**
 * An input record that could not be used. Small records are kept whole so they can be fixed and
 * replayed; a large one keeps its first {@link #MAX_RAW_BYTES} bytes, and its length and SHA-256 still
 * identify the original, so a dead letter always fits in one Kafka request.
 *
 * @param reason why it was rejected, at most {@link #MAX_REASON_CHARS} characters
 * @param raw the record's value bytes as read, cut to {@link #MAX_RAW_BYTES} (base64 in JSON)
 * @param rawLength the length of the value as read, in bytes (0 for a tombstone)
 * @param rawSha256 SHA-256 of the whole value as read, lowercase hex
 * @param failedAt processing time of the rejection, epoch milliseconds
 */
public record DeadLetter(
        @JsonProperty("source_topic") String sourceTopic,
        int partition,
        long offset,
        String reason,
        byte[] raw,
        @JsonProperty("raw_length") int rawLength,
        @JsonProperty("raw_sha256") String rawSha256,
        @JsonProperty("failed_at") long failedAt) {

    /** Raw bytes kept per dead letter: with base64 and the other fields, well under Kafka's 1 MB. */
    public static final int MAX_RAW_BYTES = 64 * 1024;

    /** Reasons longer than this are cut; a reason that echoes a huge value would otherwise be huge too. */
    public static final int MAX_REASON_CHARS = 1_000;

    /** A dead letter for a record's value (null for a tombstone), with its size capped. */
    public static DeadLetter of(
            String sourceTopic, int partition, long offset, String reason, byte[] value, long failedAt) {
        byte[] whole = value == null ? new byte[0] : value;
        byte[] kept = whole.length <= MAX_RAW_BYTES ? whole : Arrays.copyOf(whole, MAX_RAW_BYTES);
        return new DeadLetter(
                sourceTopic, partition, offset, cap(reason), kept, whole.length, Checksums.sha256(whole), failedAt);
    }

    /** Whether {@link #raw} holds only the start of the record. */
    @JsonIgnore
    public boolean isTruncated() {
        return raw.length < rawLength;
    }

    private static String cap(String reason) {
        String r = reason == null || reason.isEmpty() ? "no reason given" : reason;
        return r.length() <= MAX_REASON_CHARS ? r : r.substring(0, MAX_REASON_CHARS - 3) + "...";
    }
}
