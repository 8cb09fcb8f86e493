package io.chuanliu.training.publish;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code manifest.json} of a model directory: what was trained on, how, and a SHA-256 of every
 * other file, so a loader can refuse a partial or corrupted copy.
 */
public record ModelManifest(
        String name,
        String version,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("training_window") Map<String, String> trainingWindow,
        Map<String, Object> parameters,
        @JsonProperty("row_counts") Map<String, Long> rowCounts,
        Map<String, Object> metrics,
        Map<String, String> checksums) {}
