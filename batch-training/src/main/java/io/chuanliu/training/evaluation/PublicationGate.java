package io.chuanliu.training.evaluation;

/**
 * A model is published only if its metric beats the configured baseline by the required lift.
 *
 * @param minLift relative improvement required: 0 means strictly better, 0.02 means 2% better
 */
public record PublicationGate(String metric, String baseline, double minLift) {

    /** The gate's verdict, with a sentence for the log and the exit message. */
    public record Verdict(boolean passed, double model, double baseline, String message) {}

    public Verdict judge(EvaluationResult result) {
        double model = result.methods().get("model").get(metric);
        double base = result.methods().get(baseline).get(metric);
        boolean passed = model > base * (1 + minLift);
        String message = String.format("%s@%d: model %.4f vs %s %.4f (%+.1f%%, %s required) -> %s",
                metric, result.k(), model, baseline, base, base == 0 ? 100.0 : 100 * (model / base - 1),
                minLift == 0 ? "any gain" : String.format("+%.1f%%", 100 * minLift), passed ? "publish" : "do not publish");
        return new Verdict(passed, model, base, message);
    }
}
