package io.chuanliu.common.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.chuanliu.common.ranking.LinearRanker;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json} of a model directory: what was trained on, how, how well, and a SHA-256 of
 * every other file, so a loader can refuse a partial or corrupted copy. Written last: a directory
 * without a manifest is not a model. Training writes it, the publisher and the routing job's loader
 * read it, all through this type.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(
        String name,
        String version,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("training_window") Map<String, String> trainingWindow,
        Map<String, Object> parameters,
        @JsonProperty("row_counts") Map<String, Long> rowCounts,
        Map<String, Object> evaluation,
        Map<String, Object> gate,
        Map<String, Object> combiner,
        LinearRanker ranker,
        @JsonProperty("user_store") UserStoreLayout userStore,
        Map<String, String> checksums) {

    public ModelManifest {
        // Sorted by path, so the manifest reads the same every time it is written.
        checksums = Collections.unmodifiableSortedMap(new TreeMap<>(checksums == null ? Map.of() : checksums));
    }

    /** Whether training recorded a passed publication gate: nothing else may be published or served. */
    public boolean gatePassed() {
        return gate != null && Boolean.TRUE.equals(gate.get("passed"));
    }

    /** A numeric training parameter, or {@code fallback} when the manifest does not record it. */
    public double parameter(String key, double fallback) {
        Object value = parameters == null ? null : parameters.get(key);
        return value instanceof Number n ? n.doubleValue() : fallback;
    }
}
