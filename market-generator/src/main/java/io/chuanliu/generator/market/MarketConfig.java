package io.chuanliu.generator.market;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The size and shape of a synthetic market. Everything the generator produces is a pure function of
 * this record, so two runs with the same config write the same bytes.
 *
 * @param historyDays days of history before the live day that is replayed into Kafka
 * @param latentDim dimension of the planted user and brand taste vectors
 * @param ordersPerUserDay mean expert orders per user per day
 * @param engagementsPerUserDay mean likes, carts and views per user per day
 * @param activitiesPerUserDay mean app activities (traffic slots) per user per day
 * @param repurchaseProbability chance that an order goes back to a brand the user bought before
 * @param invalidFraction share of live-day events deliberately corrupted, to exercise dead letters
 */
public record MarketConfig(
        long seed,
        int users,
        int brands,
        int experts,
        int historyDays,
        LocalDate startDate,
        ZoneId zone,
        int latentDim,
        double ordersPerUserDay,
        double engagementsPerUserDay,
        double activitiesPerUserDay,
        double repurchaseProbability,
        double invalidFraction) {

    public MarketConfig {
        require(users > 0, "users must be positive");
        require(brands > 1, "brands must be at least 2");
        require(experts > 0, "experts must be positive");
        require(historyDays > 0, "history days must be positive");
        require(latentDim > 0, "latent dimension must be positive");
        require(
                ordersPerUserDay >= 0 && engagementsPerUserDay >= 0 && activitiesPerUserDay >= 0,
                "event rates must not be negative");
        require(repurchaseProbability >= 0 && repurchaseProbability <= 1, "repurchase probability must be in 0..1");
        require(invalidFraction >= 0 && invalidFraction < 1, "invalid fraction must be in 0..1");
    }

    /** A small market for the demo and tests: thousands of events, a few seconds to generate. */
    public static MarketConfig small(long seed) {
        return new MarketConfig(
                seed,
                2_000,
                40,
                60,
                28,
                LocalDate.of(2026, 10, 1),
                ZoneId.of("Asia/Shanghai"),
                8,
                0.08,
                0.3,
                8.0,
                0.45,
                0.002);
    }

    /** This market with {@code newUsers} users and {@code newBrands} brands, all else the same. */
    public MarketConfig withSize(int newUsers, int newBrands) {
        return new MarketConfig(
                seed,
                newUsers,
                newBrands,
                experts,
                historyDays,
                startDate,
                zone,
                latentDim,
                ordersPerUserDay,
                engagementsPerUserDay,
                activitiesPerUserDay,
                repurchaseProbability,
                invalidFraction);
    }

    public MarketConfig withUsers(int newUsers) {
        return withSize(newUsers, brands);
    }

    /** The day after the history: its events are replayed live. */
    public LocalDate liveDate() {
        return startDate.plusDays(historyDays);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
