package io.chuanliu.training.evaluation;

/**
 * Ranking quality of one method at cut-off k, averaged over the test users.
 *
 * @param coverage share of all brands that appear in at least one user's top k
 */
public record MethodMetrics(double precision, double recall, double ndcg, double map, double coverage, long users) {

    public double get(String metric) {
        return switch (metric) {
            case "precision" -> precision;
            case "recall" -> recall;
            case "ndcg" -> ndcg;
            case "map" -> map;
            case "coverage" -> coverage;
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
    }
}
