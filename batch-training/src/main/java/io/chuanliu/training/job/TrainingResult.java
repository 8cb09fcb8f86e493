package io.chuanliu.training.job;

import java.util.Map;

/** What a training run produced, for the log and the caller. */
public record TrainingResult(String version, String uri, Map<String, Long> rowCounts, long elapsedMillis) {}
