package io.chuanliu.stream.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValuePacingTest {

    @Test
    void shouldBinScoresTenToADecadeFromOneInTenThousandToOne() {
        assertThat(ValuePacing.bin(0)).isZero();
        assertThat(ValuePacing.bin(Double.NaN)).isZero();
        assertThat(ValuePacing.bin(1e-5)).isZero();
        assertThat(ValuePacing.bin(1.01e-3)).isEqualTo(10);
        assertThat(ValuePacing.bin(0.5)).isEqualTo(36);
        assertThat(ValuePacing.bin(1)).isEqualTo(ValuePacing.BINS - 1);
        assertThat(ValuePacing.bin(7)).isEqualTo(ValuePacing.BINS - 1);
    }

    @Test
    void shouldAdmitEverythingWhileWarmingUpOrWhenTheBudgetCoversWhatIsExpected() {
        long[] histogram = tenPerBin(10);
        assertThat(ValuePacing.admits(histogram, ValuePacing.WARM_UP - 1, 0.5, 1000, 1, 0))
                .isTrue();
        assertThat(ValuePacing.admits(histogram, 50, 0.5, 50, 50, 0))
                .as("50 expected, 50 left")
                .isTrue();
    }

    @Test
    void shouldAdmitOnlyTheTopShareTheRemainingBudgetPaysFor() {
        // 100 scores, ten in each of the bins 0..9; half-way through a session that has seen 50, so 50
        // more are expected and 10 routes are left: a fifth, the top two bins.
        long[] histogram = tenPerBin(10);
        assertThat(ValuePacing.admits(histogram, 50, 0.5, 50, 10, 9)).isTrue();
        assertThat(ValuePacing.admits(histogram, 50, 0.5, 50, 10, 8)).isTrue();
        assertThat(ValuePacing.admits(histogram, 50, 0.5, 50, 10, 7)).isFalse();
        assertThat(ValuePacing.admits(histogram, 50, 0.5, 50, 10, 20))
                .as("better than any seen")
                .isTrue();
    }

    @Test
    void shouldStillAdmitTheBestBinWhenItAloneHoldsMoreThanTheShare() {
        long[] histogram = new long[ValuePacing.BINS];
        histogram[30] = 100;
        assertThat(ValuePacing.admits(histogram, 100, 0.5, 100, 1, 30)).isTrue();
        assertThat(ValuePacing.admits(histogram, 100, 0.5, 100, 1, 29)).isFalse();
    }

    @Test
    void shouldExpectTheRestOfASessionFromTheRecentRateOnceATenthHasPassed() {
        // 100 proposals in the first 20% of a session, then none until 60%: the average rate says 200 more,
        // the recent rate far fewer.
        double rate = 0;
        double last = 0;
        for (int i = 1; i <= 100; i++) {
            double at = 0.2 * i / 100;
            rate = ValuePacing.rateAfter(rate, last, at);
            last = at;
        }
        assertThat(ValuePacing.expectedArrivals(rate, 100, 0.2))
                .as("at a steady rate the recent rate agrees with the average")
                .isCloseTo(100 * 0.8 / 0.2, org.assertj.core.data.Percentage.withPercentage(15));
        double quiet = ValuePacing.rateAfter(rate, last, 0.6);
        assertThat(ValuePacing.expectedArrivals(quiet, 101, 0.6)).isLessThan(10).isLessThan(101 * 0.4 / 0.6);
        assertThat(ValuePacing.expectedArrivals(0, 10, 0.05))
                .as("before a tenth of the session, the average")
                .isCloseTo(190, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ValuePacing.rateAfter(5, 0.5, 0.4))
                .as("a late proposal does not turn the clock back")
                .isEqualTo(5 + 1 / ValuePacing.TAU);
    }

    private static long[] tenPerBin(int bins) {
        long[] histogram = new long[ValuePacing.BINS];
        for (int b = 0; b < bins; b++) {
            histogram[b] = 10;
        }
        return histogram;
    }
}
