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
        assertThat(ValuePacing.admits(histogram, ValuePacing.WARM_UP - 1, 0.5, 1, 0))
                .isTrue();
        assertThat(ValuePacing.admits(histogram, 50, 0.5, 50, 0))
                .as("50 expected, 50 left")
                .isTrue();
    }

    @Test
    void shouldAdmitOnlyTheTopShareTheRemainingBudgetPaysFor() {
        // 100 scores, ten in each of the bins 0..9; half-way through a session that has seen 50, so 50
        // more are expected and 10 routes are left: a fifth, the top two bins.
        long[] histogram = tenPerBin(10);
        assertThat(ValuePacing.admits(histogram, 50, 0.5, 10, 9)).isTrue();
        assertThat(ValuePacing.admits(histogram, 50, 0.5, 10, 8)).isTrue();
        assertThat(ValuePacing.admits(histogram, 50, 0.5, 10, 7)).isFalse();
        assertThat(ValuePacing.admits(histogram, 50, 0.5, 10, 20))
                .as("better than any seen")
                .isTrue();
    }

    @Test
    void shouldStillAdmitTheBestBinWhenItAloneHoldsMoreThanTheShare() {
        long[] histogram = new long[ValuePacing.BINS];
        histogram[30] = 100;
        assertThat(ValuePacing.admits(histogram, 100, 0.5, 1, 30)).isTrue();
        assertThat(ValuePacing.admits(histogram, 100, 0.5, 1, 29)).isFalse();
    }

    private static long[] tenPerBin(int bins) {
        long[] histogram = new long[ValuePacing.BINS];
        for (int b = 0; b < bins; b++) {
            histogram[b] = 10;
        }
        return histogram;
    }
}
