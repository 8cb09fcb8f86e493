package io.chuanliu.common.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OwnHistoryTest {

    private static final long DAY = 86_400_000L;
    private static final double LAMBDA = Decay.lambda(Duration.ofDays(14));

    @Test
    void shouldEqualTheSumOfEveryInteractionsDecayedWeightHoweverLateTheInteractionsArrive() {
        SplittableRandom random = new SplittableRandom(3);
        OwnHistory history = new OwnHistory();
        double[] confidence = new double[3];
        double[] engagement = new double[3];
        long[] orders = new long[3];
        long asOf = 60 * DAY;
        for (int i = 0; i < 500; i++) {
            int b = random.nextInt(3);
            long time = random.nextLong(asOf); // any order: late interactions too
            double f = Math.exp(-LAMBDA * (asOf - time));
            switch (random.nextInt(3)) {
                case 0 -> {
                    double amount = random.nextDouble() * 300;
                    history.order("b" + b, amount, false, time, LAMBDA);
                    confidence[b] += (1 + Math.log1p(amount / 100)) * f;
                    orders[b]++;
                }
                case 1 -> {
                    history.order("b" + b, 50, true, time, LAMBDA);
                    confidence[b] -= (1 + Math.log1p(0.5)) * f;
                }
                default -> {
                    history.engagement("b" + b, "cart", time, LAMBDA);
                    confidence[b] += 0.5 * f;
                    engagement[b] += 0.5 * f;
                }
            }
        }

        OwnBrands own = history.at(asOf, LAMBDA);

        for (int i = 0; i < own.size(); i++) {
            int b = Integer.parseInt(own.brand(i).substring(1));
            assertThat(own.confidence(i)).isCloseTo(confidence[b], within(1e-9 * Math.abs(confidence[b])));
            assertThat(own.engagement[i]).isCloseTo(engagement[b], within(1e-9 * engagement[b]));
            assertThat(own.orders[i]).isEqualTo(orders[b]);
        }
        for (int b = 0; b < 3; b++) {
            boolean kept = false;
            for (int i = 0; i < own.size(); i++) {
                kept |= own.brand(i).equals("b" + b);
            }
            assertThat(kept)
                    .as("b%d is kept exactly when its decayed weight is positive", b)
                    .isEqualTo(confidence[b] > 0);
        }
    }

    @Test
    void shouldHalveEveryWeightEachHalfLife() {
        OwnHistory history = new OwnHistory();
        history.engagement("b1", "like", 0, LAMBDA);

        assertThat(history.at(14 * DAY, LAMBDA).confidence(0)).isCloseTo(InteractionWeights.LIKE / 2, within(1e-12));
        assertThat(history.at(28 * DAY, LAMBDA).confidence(0)).isCloseTo(InteractionWeights.LIKE / 4, within(1e-12));
    }

    @Test
    void shouldForgetTheWeakestBrandBeyondTheCap() {
        OwnHistory history = new OwnHistory();
        history.engagement("weak", "view", 0, LAMBDA);
        for (int b = 0; b < OwnHistory.MAX_BRANDS; b++) {
            history.order("b" + b, 0, false, DAY, LAMBDA);
        }

        assertThat(history.brands).hasSize(OwnHistory.MAX_BRANDS).doesNotContain("weak");
    }
}
