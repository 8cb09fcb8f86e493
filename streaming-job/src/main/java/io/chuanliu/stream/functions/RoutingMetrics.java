package io.chuanliu.stream.functions;

import io.chuanliu.stream.rules.Rule;
import io.chuanliu.stream.rules.UserRules;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** The per-user stage's counters, registered once per subtask; {@code docs/routing.md} lists them. */
final class RoutingMetrics {

    final Counter proposals;
    final Counter heldOut;
    final Counter eligible;
    final Counter foldIns;
    final Counter reminders;
    final Counter lateEvents;
    final Counter expertOrders;
    final Counter engagements;
    final Counter refunds;
    final Counter activities;
    final Counter optOuts;
    final Counter refusals;
    final Counter routesTakenBack;
    final Counter sessionUpdates;
    final Counter sellerScoreUpdates;
    final Counter untrustedCandidates;
    final Counter modelsLoaded;
    final Counter modelsRejected;
    final Counter legacyHistoriesFolded;
    private final Map<Rule, Counter> suppressed = new EnumMap<>(Rule.class);

    RoutingMetrics(MetricGroup metrics) {
        for (Rule rule : UserRules.ALL) {
            suppressed.put(rule, metrics.addGroup("rule", rule.label()).counter("numSuppressed"));
        }
        proposals = metrics.counter("numProposals");
        heldOut = metrics.counter("numHeldOut");
        eligible = metrics.counter("numEligibleActivities");
        foldIns = metrics.counter("numFoldIns");
        reminders = metrics.counter("numReminders");
        lateEvents = metrics.counter("numLateEvents");
        expertOrders = metrics.counter("numExpertOrders");
        engagements = metrics.counter("numEngagements");
        refunds = metrics.counter("numRefunds");
        activities = metrics.counter("numActivities");
        optOuts = metrics.counter("numOptOuts");
        refusals = metrics.counter("numRefusalsHeard");
        routesTakenBack = metrics.counter("numRoutesTakenBack");
        sessionUpdates = metrics.counter("numSessionUpdates");
        sellerScoreUpdates = metrics.counter("numSellerScoreUpdates");
        untrustedCandidates = metrics.counter("numUntrustedCandidates");
        modelsLoaded = metrics.counter("numModelsLoaded");
        modelsRejected = metrics.counter("numModelsRejected");
        legacyHistoriesFolded = metrics.counter("numLegacyHistoriesFolded");
    }

    /** Counts an activity that a rule stopped, under that rule. */
    void suppressed(Rule rule) {
        suppressed.get(rule).inc();
    }
}
