package io.chuanliu.training.publish;

import io.chuanliu.common.ranking.LinearRanker;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.chuanliu.common.model.UserStoreLayout;
import java.util.Map;

/**
 * {@code manifest.json} of a model directory: what was trained on, how, how well, and a SHA-256 of
 * every other file, so a loader can refuse a partial or corrupted copy. Written last: a directory
 * without a manifest is not a model.
 */
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
        Map<String, String> checksums) {}
