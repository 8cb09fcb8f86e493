package io.chuanliu.common.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankerFeaturesTest {

    private static final long DAY = 86_400_000L;

    @Test
    void shouldStandardiseAlsScoresByTheUsersMeanAndDeviationOverEveryBrandWithFactors() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 40;
        String[] names = new String[n];
        float[][] factors = new float[n][];
        for (int b = 0; b < n; b++) {
            names[b] = String.format("b%02d", b);
            // Every fifth brand is unknown to ALS and must not count towards the spread.
            factors[b] = b % 5 == 4 ? null : randomFactors(random, 6);
        }
        BrandSide side = BrandSide.of(names, factors, new long[n], emptyNeighbours(n), emptySimilarity(n));
        float[] user = randomFactors(random, 6);

        double[] spread = side.affinitySpread(user);

        double sum = 0;
        double squares = 0;
        int known = 0;
        for (int b = 0; b < n; b++) {
            if (factors[b] != null) {
                double a = side.affinity(user, b);
                sum += a;
                squares += a * a;
                known++;
            }
        }
        double mean = sum / known;
        double std = Math.sqrt(squares / known - mean * mean);
        assertThat(spread[0]).isCloseTo(mean, within(1e-6));
        assertThat(spread[1]).isCloseTo(std, within(1e-6));
        int z = RankerFeatures.NAMES.indexOf("als_z");
        double[] x = RankerFeatures.of(new OwnBrands(0), 10 * DAY, side, user).of("b07");
        assertThat(x[z]).isCloseTo((side.affinity(user, 7) - mean) / std, within(1e-6));
        assertThat(RankerFeatures.of(new OwnBrands(0), 10 * DAY, side, null).of("b07")[z])
                .as("a user ALS does not know stands nowhere")
                .isZero();
    }

    @Test
    void shouldShareAUsersBuyingAmongTheirBrandsSmoothedTowardsAnEvenShareOfAllBrands() {
        String[] names = {"a", "b", "c", "d"};
        BrandSide side = BrandSide.of(names, new float[4][], new long[4], emptyNeighbours(4), emptySimilarity(4));
        OwnBrands loyal = new OwnBrands(1).add("a", 3.0, 3, 9 * DAY, 0);
        OwnBrands spread = new OwnBrands(2).add("a", 3.0, 3, 9 * DAY, 0).add("b", 9.0, 9, 9 * DAY, 0);

        RankerFeatures loyalUser = RankerFeatures.of(loyal, 10 * DAY, side, null);
        RankerFeatures spreadUser = RankerFeatures.of(spread, 10 * DAY, side, null);

        double m = RankerFeatures.SHARE_SMOOTHING;
        assertThat(loyalUser.responseShare("a")).isCloseTo((3 + m / 4) / (3 + m), within(1e-12));
        assertThat(loyalUser.responseShare("c")).isCloseTo(m / 4 / (3 + m), within(1e-12));
        assertThat(spreadUser.responseShare("a"))
                .as("the same weight for a brand counts less when the user buys much else")
                .isCloseTo((3 + m / 4) / (12 + m), within(1e-12))
                .isLessThan(loyalUser.responseShare("a"));
        assertThat(RankerFeatures.of(new OwnBrands(0), 10 * DAY, side, null).responseShare("d"))
                .as("a user without history: an even share")
                .isCloseTo(0.25, within(1e-12));
    }

    @Test
    void shouldCountEachOrderOnceInTheShareWhateverItsAmountWhenTheHistoryKeepsTheCount() {
        String[] names = {"a", "b", "c", "d"};
        BrandSide side = BrandSide.of(names, new float[4][], new long[4], emptyNeighbours(4), emptySimilarity(4));
        double lambda = Decay.lambda(java.time.Duration.ofDays(14));
        OwnHistory history = new OwnHistory();
        history.order("a", 2_000, false, 9 * DAY, lambda);
        history.order("b", 5, false, 9 * DAY, lambda);
        history.order("b", 5, true, 9 * DAY, lambda);
        history.order("c", 5, false, 9 * DAY, lambda);

        RankerFeatures user = RankerFeatures.of(history.at(10 * DAY, lambda), 10 * DAY, side, null);

        assertThat(user.responseShare("a"))
                .as("one order of 2,000 yuan counts as one of 5 yuan")
                .isCloseTo(user.responseShare("c"), within(1e-12))
                .isGreaterThan(user.responseShare("b"));
        assertThat(user.responseShare("b"))
                .as("a refunded order takes its count back")
                .isCloseTo(user.responseShare("d"), within(1e-12));
    }

    @Test
    void shouldRelateEachBrandsCoOccurrenceToTheUsersBestMatchAndItsClosestOwnBrand() {
        // a and b are the user's brands; c neighbours both, d only b.
        String[] names = {"a", "b", "c", "d"};
        int[][] neighbours = {{2}, {2, 3}, {0, 1}, {1}};
        double[][] similarity = {{0.5}, {0.2, 0.4}, {0.5, 0.2}, {0.4}};
        BrandSide side = BrandSide.of(names, new float[4][], new long[] {3, 2, 1, 1}, neighbours, similarity);
        OwnBrands own = new OwnBrands(2).add("a", 2.0, 1, 9 * DAY, 0).add("b", 1.0, 1, 9 * DAY, 0);

        RankerFeatures features = RankerFeatures.of(own, 10 * DAY, side, null);

        int score = RankerFeatures.NAMES.indexOf("cooc_score");
        int relative = RankerFeatures.NAMES.indexOf("cooc_relative");
        int max = RankerFeatures.NAMES.indexOf("cooc_max");
        double c = 2.0 * 0.5 + 1.0 * 0.2;
        double d = 1.0 * 0.4;
        assertThat(features.of("c")[score]).isCloseTo(c, within(1e-12));
        assertThat(features.of("c")[relative]).isCloseTo(1.0, within(1e-12));
        assertThat(features.of("d")[relative]).isCloseTo(d / c, within(1e-12));
        assertThat(features.of("c")[max]).isCloseTo(0.5, within(1e-12));
        assertThat(features.of("d")[max]).isCloseTo(0.4, within(1e-12));
        assertThat(features.of("unknown")[relative]).isZero();
        assertThat(RankerFeatures.of(new OwnBrands(0), 10 * DAY, side, null).of("c")[relative])
                .as("no history, no co-occurrence")
                .isZero();
    }

    private static float[] randomFactors(SplittableRandom random, int rank) {
        float[] f = new float[rank];
        for (int i = 0; i < rank; i++) {
            f[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return f;
    }

    private static int[][] emptyNeighbours(int n) {
        return new int[n][0];
    }

    private static double[][] emptySimilarity(int n) {
        return new double[n][0];
    }
}
