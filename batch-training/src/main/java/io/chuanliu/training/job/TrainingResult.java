package io.chuanliu.training.job;

import io.chuanliu.training.evaluation.EvaluationResult;
import io.chuanliu.training.evaluation.PublicationGate;
import java.util.Map;

/** What a training run produced, for the log, the caller and the benchmark. */
public record TrainingResult(
        String version,
        String uri,
        Map<String, Long> rowCounts,
        EvaluationResult evaluation,
        PublicationGate.Verdict verdict,
        Map<String, Long> stageMillis,
        long elapsedMillis) {}
