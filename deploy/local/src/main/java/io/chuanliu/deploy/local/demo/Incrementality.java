package io.chuanliu.deploy.local.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.events.RoutingStats;
import io.chuanliu.common.incrementality.GroupOutcome;
import io.chuanliu.common.incrementality.IncrementalGmv;
import io.chuanliu.generator.market.RoomResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job's incremental GMV (from its {@code routing-stats} snapshots) against the market's planted
 * truth: per brand, and for the platform from the groups of every brand pooled. The truth of a brand
 * is the sum, over the decisions the job routed for it, of what the market's room response adds on
 * average within the attribution window ({@link RoomResponse#expectedIncrementalCents}).
 *
 * @param estimateCents the platform's estimate; null when a group had no decision or nothing was bought
 * @param budgetedTruthPerRouteCents planted incremental GMV per routed impression of the brands with a budget: what
 *     pacing chooses, and so what value-aware pacing should raise
 * @param brandsWithEnoughTraffic brands with at least {@link #ENOUGH_DECISIONS} decisions in each group
 * @param brandsCoveringTruth of those, the brands whose interval contains their truth
 */
public record Incrementality(
        @JsonProperty("estimate_cents") Double estimateCents,
        @JsonProperty("low_cents") Double lowCents,
        @JsonProperty("high_cents") Double highCents,
        @JsonProperty("planted_truth_cents") double truthCents,
        @JsonProperty("budgeted_routes") long budgetedRoutes,
        @JsonProperty("budgeted_truth_per_route_cents") double budgetedTruthPerRouteCents,
        @JsonProperty("brands") int brands,
        @JsonProperty("brands_with_enough_traffic") int brandsWithEnoughTraffic,
        @JsonProperty("brands_covering_truth") int brandsCoveringTruth,
        @JsonProperty("by_brand") Map<String, Brand> byBrand) {

    /** Decisions each group of a brand needs before its interval is judged against the truth. */
    public static final int ENOUGH_DECISIONS = 30;

    /** One brand's groups, estimate and truth over the days of the run. */
    public record Brand(
            long routes,
            long holdouts,
            @JsonProperty("routed_conversions") long routedConversions,
            @JsonProperty("holdout_conversions") long holdoutConversions,
            @JsonProperty("estimate_cents") Double estimateCents,
            @JsonProperty("low_cents") Double lowCents,
            @JsonProperty("high_cents") Double highCents,
            @JsonProperty("planted_truth_cents") double truthCents,
            boolean budgeted) {

        boolean enoughTraffic() {
            return routes >= ENOUGH_DECISIONS && holdouts >= ENOUGH_DECISIONS;
        }

        boolean coversTruth() {
            return lowCents != null && lowCents <= truthCents && truthCents <= highCents;
        }
    }

    /**
     * @param snapshots what the job wrote to {@code routing-stats}, in order; the latest per brand and day counts
     * @param routed the routing decisions (routed, not held out) the job wrote
     */
    public static Incrementality of(
            List<RoutingStats> snapshots,
            List<RoutingDecision> routed,
            RoomResponse response,
            long attributionWindowMillis) {
        Map<String, RoutingStats> latest = latest(snapshots);
        Map<String, GroupOutcome[]> groups = new TreeMap<>();
        java.util.Set<String> budgeted = new java.util.TreeSet<>();
        for (RoutingStats s : latest.values()) {
            if (s.dailyBudget() != null) {
                budgeted.add(s.brand());
            }
            GroupOutcome[] g =
                    groups.computeIfAbsent(s.brand(), b -> new GroupOutcome[] {GroupOutcome.NONE, GroupOutcome.NONE});
            g[0] = g[0].plus(s.routed());
            g[1] = g[1].plus(s.holdout());
        }
        Map<String, Double> truth = new TreeMap<>();
        Map<String, Long> routes = new TreeMap<>();
        for (RoutingDecision d : routed) {
            truth.merge(
                    d.brand(),
                    response.expectedIncrementalCents(d.user(), d.brand(), attributionWindowMillis),
                    Double::sum);
            routes.merge(d.brand(), 1L, Long::sum);
        }
        Map<String, Brand> byBrand = new LinkedHashMap<>();
        GroupOutcome allRouted = GroupOutcome.NONE;
        GroupOutcome allHeldOut = GroupOutcome.NONE;
        for (Map.Entry<String, GroupOutcome[]> e : groups.entrySet()) {
            GroupOutcome r = e.getValue()[0];
            GroupOutcome h = e.getValue()[1];
            allRouted = allRouted.plus(r);
            allHeldOut = allHeldOut.plus(h);
            var lift = IncrementalGmv.of(r, h);
            byBrand.put(
                    e.getKey(),
                    new Brand(
                            r.decisions(),
                            h.decisions(),
                            r.conversions(),
                            h.conversions(),
                            lift.map(IncrementalGmv::cents).orElse(null),
                            lift.map(IncrementalGmv::lowCents).orElse(null),
                            lift.map(IncrementalGmv::highCents).orElse(null),
                            truth.getOrDefault(e.getKey(), 0.0),
                            budgeted.contains(e.getKey())));
        }
        var platform = IncrementalGmv.of(allRouted, allHeldOut);
        int enough =
                (int) byBrand.values().stream().filter(Brand::enoughTraffic).count();
        int covering = (int) byBrand.values().stream()
                .filter(Brand::enoughTraffic)
                .filter(Brand::coversTruth)
                .count();
        // Routes and truth from the same decisions: the last routing-stats snapshot may precede the last routes.
        long budgetedRoutes =
                budgeted.stream().mapToLong(b -> routes.getOrDefault(b, 0L)).sum();
        double budgetedTruth =
                budgeted.stream().mapToDouble(b -> truth.getOrDefault(b, 0.0)).sum();
        return new Incrementality(
                platform.map(IncrementalGmv::cents).orElse(null),
                platform.map(IncrementalGmv::lowCents).orElse(null),
                platform.map(IncrementalGmv::highCents).orElse(null),
                truth.values().stream().mapToDouble(Double::doubleValue).sum(),
                budgetedRoutes,
                budgetedRoutes == 0 ? 0 : budgetedTruth / budgetedRoutes,
                byBrand.size(),
                enough,
                covering,
                byBrand);
    }

    /** The latest snapshot of each brand and day. */
    static Map<String, RoutingStats> latest(List<RoutingStats> snapshots) {
        Map<String, RoutingStats> latest = new TreeMap<>();
        snapshots.forEach(s -> latest.put(s.key(), s));
        return latest;
    }
}
