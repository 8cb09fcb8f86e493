package io.chuanliu.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link IncrementalityIT#allowedMisses}: the binomial tail it bounds, against figures worked out separately. */
class AllowedMissesTest {

    @Test
    void shouldAllowTheMissesThatCalibratedIntervalsExceedRarelyEnough() {
        // P(Binomial(18, 0.05) > 3) = 0.0118, > 4 = 0.0016, > 5 = 0.00017.
        assertThat(IncrementalityIT.allowedMisses(18, 0.05, 0.005)).isEqualTo(4);
        assertThat(IncrementalityIT.allowedMisses(18, 0.05, 0.001)).isEqualTo(5);
        assertThat(IncrementalityIT.allowedMisses(18, 0.05, 0.02)).isEqualTo(3);
        assertThat(IncrementalityIT.allowedMisses(10, 0.0, 0.005))
                .as("intervals that never miss")
                .isZero();
    }
}
