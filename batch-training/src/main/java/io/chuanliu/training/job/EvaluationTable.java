package io.chuanliu.training.job;

import io.chuanliu.training.evaluation.EvaluationResult;
import io.chuanliu.training.evaluation.MethodMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/** The evaluation as a printed table, as CSV and as the {@code evaluation.json} document. */
final class EvaluationTable {

    private EvaluationTable() {}

    static String text(EvaluationResult r) {
        StringBuilder out = new StringBuilder(String.format(
                "%-12s %9s %9s %9s %9s %9s   (k=%d, %d test users)%n",
                "method", "P@k", "R@k", "NDCG@k", "MAP@k", "coverage", r.k(), r.testUsers()));
        r.methods()
                .forEach((method, m) -> out.append(String.format(
                        "%-12s %9.4f %9.4f %9.4f %9.4f %9.4f%n",
                        method, m.precision(), m.recall(), m.ndcg(), m.map(), m.coverage())));
        r.lifts().forEach((method, lift) -> out.append(String.format("lift vs %-12s %s%n", method, lift.text())));
        return out.toString();
    }

    static String csv(EvaluationResult r) {
        StringBuilder out = new StringBuilder("method,k,precision,recall,ndcg,map,coverage,users\n");
        r.methods()
                .forEach((method, m) -> out.append(String.format(
                        "%s,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%d%n",
                        method, r.k(), m.precision(), m.recall(), m.ndcg(), m.map(), m.coverage(), m.users())));
        return out.toString();
    }

    static Map<String, Object> json(EvaluationResult r) {
        Map<String, Object> methods = new LinkedHashMap<>();
        for (Map.Entry<String, MethodMetrics> e : r.methods().entrySet()) {
            MethodMetrics m = e.getValue();
            methods.put(
                    e.getKey(),
                    Map.of(
                            "precision",
                            m.precision(),
                            "recall",
                            m.recall(),
                            "ndcg",
                            m.ndcg(),
                            "map",
                            m.map(),
                            "coverage",
                            m.coverage()));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("k", r.k());
        doc.put("split_time", java.time.Instant.ofEpochMilli(r.splitTime()).toString());
        doc.put("test_users", r.testUsers());
        doc.put("methods", methods);
        Map<String, Object> lifts = new LinkedHashMap<>();
        r.lifts()
                .forEach((method, lift) -> lifts.put(
                        method,
                        Map.of(
                                "lift",
                                lift.lift(),
                                "low",
                                lift.low(),
                                "high",
                                lift.high(),
                                "confidence",
                                lift.confidence(),
                                "replicates",
                                lift.replicates())));
        doc.put("lifts", lifts);
        return doc;
    }
}
