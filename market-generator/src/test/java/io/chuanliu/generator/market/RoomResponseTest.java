package io.chuanliu.generator.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.OrderChannel;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoomResponseTest {

    private static final Market MARKET = new Market(MarketConfig.small(3).withUsers(300));
    private static final RoomResponse RESPONSE = new RoomResponse(MARKET);

    @Test
    void theSameDecisionAlwaysGetsTheSameAnswer() {
        for (int i = 0; i < 200; i++) {
            String decision = "d" + i;
            Optional<ExpertOrder> first =
                    RESPONSE.respond(decision, Market.userId(i % 300), Market.brandId(i % 7), 1_000_000L);
            Optional<ExpertOrder> second =
                    RESPONSE.respond(decision, Market.userId(i % 300), Market.brandId(i % 7), 1_000_000L);
            assertThat(second).isEqualTo(first);
        }
    }

    @Test
    void aResponseIsABrandRoomOrderAfterTheDecision() {
        long decisionTime = 1_793_250_000_000L;
        int answered = 0;
        for (int i = 0; i < 2_000; i++) {
            Optional<ExpertOrder> order =
                    RESPONSE.respond("d" + i, Market.userId(i % 300), Market.brandId(i % 11), decisionTime);
            if (order.isPresent()) {
                answered++;
                ExpertOrder o = order.get();
                assertThat(o.channel()).isEqualTo(OrderChannel.BRAND_LIVE);
                assertThat(o.expert()).isNull();
                assertThat(o.brand()).isEqualTo(Market.brandId(i % 11));
                assertThat(o.eventTime()).isGreaterThan(decisionTime);
                assertThat(o.amountCents()).isPositive();
                assertThat(o.orderId()).isEqualTo("r-d" + i);
            }
        }
        assertThat(answered).as("some decisions convert, most do not").isBetween(20, 1_000);
    }

    @Test
    void usersWhoPreferTheBrandBuyMoreOften() {
        int user = 17;
        double[] preference = MARKET.plantedPreference(user);
        int favourite = 0;
        int leastLiked = 0;
        for (int b = 1; b < preference.length; b++) {
            favourite = preference[b] > preference[favourite] ? b : favourite;
            leastLiked = preference[b] < preference[leastLiked] ? b : leastLiked;
        }
        assertThat(RESPONSE.purchaseProbability(user, favourite))
                .isGreaterThan(RESPONSE.purchaseProbability(user, leastLiked))
                .isLessThanOrEqualTo(RoomResponse.MAX_PROBABILITY);
        assertThat(rate(user, favourite)).isGreaterThan(rate(user, leastLiked));
    }

    @Test
    void theExpectedIncrementIsWhatTheResponsesYieldWithinTheWindowOnAverage() {
        long window = 2 * 3_600_000L;
        double[] preference = MARKET.plantedPreference(17);
        int favourite = 0;
        for (int b = 1; b < preference.length; b++) {
            favourite = preference[b] > preference[favourite] ? b : favourite;
        }
        String user = Market.userId(17);
        String brand = Market.brandId(favourite);
        int decisions = 100_000;
        long withinWindow = 0;
        for (int i = 0; i < decisions; i++) {
            Optional<ExpertOrder> order = RESPONSE.respond("e" + i, user, brand, 0L);
            if (order.isPresent() && order.get().eventTime() <= window) {
                withinWindow += order.get().amountCents();
            }
        }
        double expected = RESPONSE.expectedIncrementalCents(user, brand, window);
        assertThat(withinWindow / (double) decisions)
                .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(RESPONSE.expectedIncrementalCents(user, brand, 60_000))
                .as("a one-minute window sees few responses")
                .isLessThan(expected / 10);
    }

    @Test
    void aDecisionForAnUnknownUserIsRefusedWithItsNames() {
        assertThatThrownBy(() -> RESPONSE.respond("d1", "u9999999", "b0001", 0L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("u9999999");
    }

    private static double rate(int user, int brand) {
        int bought = 0;
        for (int i = 0; i < 4_000; i++) {
            bought += RESPONSE.respond("x" + i, Market.userId(user), Market.brandId(brand), 0L)
                            .isPresent()
                    ? 1
                    : 0;
        }
        return bought / 4_000.0;
    }
}
