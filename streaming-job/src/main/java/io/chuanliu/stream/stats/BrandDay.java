package io.chuanliu.stream.stats;

import io.chuanliu.common.events.RoutingStats;
import io.chuanliu.common.incrementality.GroupOutcome;
import io.chuanliu.stream.rules.Rule;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One brand's counts for one local day, kept by {@link PerBrandStats} until the day's attribution
 * has closed. A Flink POJO of plain numbers.
 */
public class BrandDay {

    public long routes;
    public long routedConversions;
    public long routedGmvCents;
    public double routedOrderValueSquares;
    public long holdouts;
    public long holdoutConversions;
    public long holdoutGmvCents;
    public double holdoutOrderValueSquares;
    public long refusedPacing;
    public long refusedExhausted;
    public long refusedOther;
    public long asOf = Long.MIN_VALUE;
    /** Processing time of the day's first outcome: the day closes no sooner than its lateness after it. */
    public long openedAt;
    /** Changed since its last snapshot. */
    public boolean dirty;

    public BrandDay() {}

    void add(BrandOutcome outcome) {
        switch (outcome.kind) {
            case ROUTED -> routes++;
            case HELD_OUT -> holdouts++;
            case ROUTED_ORDER -> {
                routedConversions++;
                routedGmvCents += outcome.amountCents;
                routedOrderValueSquares += (double) outcome.amountCents * outcome.amountCents;
            }
            case HELD_OUT_ORDER -> {
                holdoutConversions++;
                holdoutGmvCents += outcome.amountCents;
                holdoutOrderValueSquares += (double) outcome.amountCents * outcome.amountCents;
            }
            case REFUSED -> {
                if (Rule.BUDGET_PACING.label().equals(outcome.rule)) {
                    refusedPacing++;
                } else if (Rule.BUDGET_EXHAUSTED.label().equals(outcome.rule)) {
                    refusedExhausted++;
                } else {
                    refusedOther++;
                }
            }
            case BUDGET -> throw new IllegalArgumentException("a budget is the brand's, not a day's");
        }
        asOf = Math.max(asOf, outcome.eventTime);
        dirty = true;
    }

    RoutingStats snapshot(String brand, long epochDay, Long dailyBudget, boolean last) {
        Map<String, Long> refusals = new LinkedHashMap<>();
        refusals.put(Rule.BUDGET_PACING.label(), refusedPacing);
        refusals.put(Rule.BUDGET_EXHAUSTED.label(), refusedExhausted);
        if (refusedOther > 0) {
            refusals.put("other", refusedOther);
        }
        return RoutingStats.of(
                brand,
                LocalDate.ofEpochDay(epochDay).toString(),
                asOf,
                last,
                refusals,
                dailyBudget,
                new GroupOutcome(routes, routedConversions, routedGmvCents, routedOrderValueSquares),
                new GroupOutcome(holdouts, holdoutConversions, holdoutGmvCents, holdoutOrderValueSquares));
    }
}
