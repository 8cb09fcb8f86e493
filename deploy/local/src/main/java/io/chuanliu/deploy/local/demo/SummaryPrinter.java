package io.chuanliu.deploy.local.demo;

import java.io.PrintStream;
import java.util.Map;

/** Prints a {@link DemoSummary} for a person at a terminal. */
final class SummaryPrinter {

    private static final int TOP_BRANDS = 10;

    private final PrintStream out;

    SummaryPrinter(PrintStream out) {
        this.out = out;
    }

    void print(DemoSummary s) {
        out.println();
        out.println("Chuanliu routing summary");
        out.println("------------------------");
        out.printf("Flink UI             %s  (job %s, %s)%n", s.flinkUi(), s.jobId(), s.jobState());
        out.printf(
                "model                %s (announced on model-updates; loaded by %d routing subtasks, %d rejections)%n",
                s.modelVersion(), s.modelLoads(), s.modelRejections());
        out.println(
                "  routes rank eligible brands by this model's gated ranker (the purchase probability the table below"
                        + " evaluated; decision 13)");
        s.modelEvaluation().forEach(line -> out.println("  " + line));
        out.printf("events in            %d  %s%n", s.eventsReplayed(), s.eventsByTopic());
        out.printf("valid events         %d%n", s.validEvents());
        out.printf("dead letters         %d%n", s.deadLetters());
        s.deadLettersByReason().forEach((reason, n) -> out.printf("  %5d  %s%n", n, reason));
        out.printf("eligible activities  %d (a live brand the user was eligible for)%n", s.eligibleActivities());
        out.printf("routing decisions    %d to %d users  %s%n", s.decisions(), s.routedUsers(), s.decisionsByReason());
        out.printf(
                "suppressed           %d  %s%n",
                s.suppressedByRule().values().stream()
                        .mapToLong(Long::longValue)
                        .sum(),
                s.suppressedByRule());
        out.printf("budgets exhausted    %d brands; fold-in affinities %d%n", s.budgetsExhausted(), s.foldIns());
        out.printf(
                "budget refusals      %d read back from routing-refusals, %d routes given back to users' caps%n",
                s.refusalsRead(), s.routesGivenBack());
        HoldoutComparison h = s.holdout();
        out.printf(
                "routed               %d decisions, %d conversions, GMV %.2f (%.2f per decision)%n",
                h.routedDecisions(),
                h.routedConversions(),
                h.routedGmvCents() / 100.0,
                h.routedGmvPerDecision() / 100.0);
        out.printf(
                "held out             %d chosen, %d conversions, GMV %.2f (%.2f per chosen user)%n",
                h.holdoutDecisions(),
                h.holdoutConversions(),
                h.holdoutGmvCents() / 100.0,
                h.holdoutGmvPerDecision() / 100.0);
        Incrementality inc = s.incrementality();
        out.printf(
                "incremental GMV      %s; planted truth %.2f%n",
                inc.estimateCents() == null
                        ? "no estimate (a group without decisions, or no order at all)"
                        : String.format(
                                java.util.Locale.ROOT,
                                "%.2f [%.2f, %.2f] (95%% interval, routed against held out, from routing-stats)",
                                inc.estimateCents() / 100,
                                inc.lowCents() / 100,
                                inc.highCents() / 100),
                inc.truthCents() / 100);
        out.printf(
                "budgeted brands      %d routes, planted incremental GMV %.2f per routed impression%n",
                inc.budgetedRoutes(), inc.budgetedTruthPerRouteCents() / 100);
        out.printf(
                "per brand            %d of %d brands with %d+ decisions in each group: interval contains the planted truth "
                        + "(%d brands in all; outcomes/incrementality.csv)%n",
                inc.brandsCoveringTruth(),
                inc.brandsWithEnoughTraffic(),
                Incrementality.ENOUGH_DECISIONS,
                inc.brands());
        RewardTotals r = s.rewards();
        out.printf(
                "expert rewards       %d rewards to %d experts, %.2f credits (exactly once); top %s%n",
                r.rewards(), r.experts(), r.totalCredit(), r.topExperts());
        out.println("routed users per brand (top " + TOP_BRANDS + "):");
        int shown = 0;
        for (Map.Entry<String, Long> e : s.routedUsersByBrand().entrySet()) {
            if (shown++ == TOP_BRANDS) {
                out.printf("  ... and %d more brands%n", s.routedUsersByBrand().size() - TOP_BRANDS);
                break;
            }
            out.printf("  %-8s %5d%n", e.getKey(), e.getValue());
        }
        out.printf("elapsed              %.0f s%n", s.elapsedSeconds());
    }
}
