package io.chuanliu.training.job;

import io.chuanliu.common.model.ModelManifest;
import io.chuanliu.common.model.UserStoreLayout;
import io.chuanliu.training.evaluation.EvaluationResult;
import io.chuanliu.training.evaluation.PublicationGate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The manifest a passed training run writes last: what the publisher and the streaming job's loader read. */
final class TrainingManifest {

    private TrainingManifest() {}

    /** What the training run publishes about itself: data span, parameters, counts, evaluation, gate, ranker, files. */
    static ModelManifest of(
            TrainingConfig config,
            EvaluationResult evaluation,
            PublicationGate.Verdict verdict,
            long oldest,
            long newest,
            Map<String, Long> rowCounts,
            UserStoreLayout layout,
            Map<String, String> checksums) {
        return new ModelManifest(
                "affinity",
                config.version(),
                Instant.now().toString(),
                Map.of(
                        "from",
                        Instant.ofEpochMilli(oldest).toString(),
                        "to",
                        Instant.ofEpochMilli(newest).toString()),
                parameters(config, evaluation),
                rowCounts,
                EvaluationTable.json(evaluation),
                Map.of(
                        "metric",
                        config.gateMetric(),
                        "baseline",
                        config.gateBaseline(),
                        "min_lift",
                        config.gateMinLift(),
                        "confidence",
                        config.gateConfidence(),
                        "passed",
                        true,
                        "verdict",
                        verdict.message()),
                Map.of(
                        "algorithm",
                        "logistic regression on standardised features",
                        "weights",
                        evaluation.blendWeights(),
                        "negative_share",
                        evaluation.blendNegativeShare()),
                evaluation.ranker(),
                layout,
                checksums);
    }

    private static Map<String, Object> parameters(TrainingConfig config, EvaluationResult evaluation) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("algorithm", "als-implicit + logistic-regression blend");
        p.put("rank", evaluation.rank());
        p.put("alpha", evaluation.alpha());
        p.put("validation_ndcg", evaluation.validationNdcg());
        p.put("iterations", config.iterations());
        p.put("reg_param", config.regParam());
        p.put("half_life", config.halfLife().toString());
        p.put("candidates_per_source", config.candidatesPerSource());
        p.put("lookalikes_per_buyer", config.lookalikesPerBuyer());
        p.put("audience_brands_per_user", config.audienceBrandsPerUser());
        p.put("seed", config.seed());
        return p;
    }
}
