package io.chuanliu.training.evaluation;

/**
 * A model is published only if its metric beats the configured baseline by the required lift, and,
 * with a confidence, only if the lower end of the lift's paired bootstrap interval does too: a lead
 * that resampling the test users could erase is not a lead.
 *
 * @param minLift relative improvement required: 0 means strictly better, 0.02 means 2% better
 * @param confidence the interval whose lower bound must clear {@code minLift}, e.g. 0.95; 0 judges the point estimate alone
 */
public record PublicationGate(String metric, String baseline, double minLift, double confidence) {

    /** The gate's verdict, with a sentence for the log and the exit message. */
    public record Verdict(boolean passed, double model, double baseline, String message) {}

    public Verdict judge(EvaluationResult result) {
        double model = result.methods().get("model").get(metric);
        double base = result.methods().get(baseline).get(metric);
        LiftInterval lift = result.lifts().get(baseline);
        boolean passed = model > base * (1 + minLift) && (confidence == 0 || lift.low() > minLift);
        String required = (minLift == 0 ? "any gain" : String.format("%+.1f%%", 100 * minLift))
                + (confidence == 0 ? "" : String.format(" at the %.0f%% interval's lower bound", 100 * confidence));
        String message = String.format(
                "%s@%d: model %.4f vs %s %.4f (%s; %s required) -> %s",
                metric,
                result.k(),
                model,
                baseline,
                base,
                lift.text(),
                required,
                passed ? "publish" : "do not publish");
        return new Verdict(passed, model, base, message);
    }
}
