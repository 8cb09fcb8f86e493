package io.chuanliu.stream.rules;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;

/**
 * What the per-user stage is allowed to do, from the job config; see {@code docs/routing.md} for
 * the score and the order in which the rules apply.
 *
 * @param zone the platform's time zone: days (caps, budgets) and quiet hours are local to it
 * @param minSellerScore a brand whose seller score is under this gets no routed traffic
 * @param unscoredSellerScore the seller score assumed for a brand that has none yet
 * @param sellerWeight exponent of the seller-score factor in the score (0 ignores seller scores)
 * @param audienceStrength the signal strength of a look-alike audience membership (an expert order is 1)
 * @param holdoutFraction share of users never routed, to measure what routing adds
 * @param minExpertScore a touch through an expert whose word-of-mouth score (带货口碑分) is under this makes
 *     no one eligible
 * @param unscoredExpertScore the word-of-mouth score assumed for an expert who has none yet
 */
public record RoutingRules(
        Duration eligibilityWindow,
        Duration minGap,
        int maxRoutesPerDay,
        int maxRoutesPerBrandPerDay,
        QuietHours quietHours,
        ZoneId zone,
        double minSellerScore,
        double unscoredSellerScore,
        double sellerWeight,
        double audienceStrength,
        double holdoutFraction,
        double minExpertScore,
        double unscoredExpertScore)
        implements Serializable {

    /** The defaults of the job config, for tests and tools. */
    public static RoutingRules defaults() {
        return new RoutingRules(
                Duration.ofDays(7),
                Duration.ofMinutes(30),
                6,
                1,
                QuietHours.parse("01:00-08:00"),
                ZoneId.of("Asia/Shanghai"),
                60,
                80,
                1,
                0.2,
                0.1,
                60,
                80);
    }

    public long eligibilityWindowMillis() {
        return eligibilityWindow.toMillis();
    }

    /** The local day of an instant, as an epoch day ({@link LocalDays}). */
    public long localDay(long epochMillis) {
        return LocalDays.of(zone, epochMillis);
    }

    public boolean isQuiet(long epochMillis) {
        return quietHours.containsMillisOfDay(LocalDays.millisOfDay(zone, epochMillis));
    }

    /** The word-of-mouth score an expert counts with: its own, or the unscored default. */
    public double expertScore(Double known) {
        return known == null ? unscoredExpertScore : known;
    }

    public RoutingRules withHoldoutFraction(double fraction) {
        return with(minGap, maxRoutesPerDay, maxRoutesPerBrandPerDay, quietHours, fraction);
    }

    public RoutingRules withQuietHours(QuietHours hours) {
        return with(minGap, maxRoutesPerDay, maxRoutesPerBrandPerDay, hours, holdoutFraction);
    }

    public RoutingRules withCaps(int perDay, int perBrandPerDay, Duration gap) {
        return with(gap, perDay, perBrandPerDay, quietHours, holdoutFraction);
    }

    private RoutingRules with(Duration gap, int perDay, int perBrandPerDay, QuietHours hours, double holdout) {
        return new RoutingRules(
                eligibilityWindow,
                gap,
                perDay,
                perBrandPerDay,
                hours,
                zone,
                minSellerScore,
                unscoredSellerScore,
                sellerWeight,
                audienceStrength,
                holdout,
                minExpertScore,
                unscoredExpertScore);
    }
}
