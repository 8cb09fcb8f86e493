package io.chuanliu.stream.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.stream.state.RouteHistory;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class UserRulesTest {

    private static final RoutingRules RULES = RoutingRules.defaults().withCaps(2, 1, Duration.ofMinutes(30));
    private static final UserRules USER_RULES = new UserRules(RULES);
    /** 20:00 in Shanghai, outside the default quiet hours (01:00-08:00). */
    private static final long EVENING = ZonedDateTime.parse("2026-10-29T20:00:00+08:00[Asia/Shanghai]")
            .toInstant()
            .toEpochMilli();
    /** 03:00 the next night, inside them. */
    private static final long NIGHT = EVENING + Duration.ofHours(7).toMillis();

    @Test
    void shouldLetAUserWithNothingAgainstThemThrough() {
        assertThat(USER_RULES.blockingUser(false, EVENING, today(EVENING))).isNull();
    }

    @Test
    void shouldStopAnOptedOutUserBeforeAnyOtherRule() {
        RouteHistory full = routed(today(NIGHT), NIGHT - 60_000, "b1", "b2");
        assertThat(USER_RULES.blockingUser(true, NIGHT, full)).isEqualTo(Rule.OPT_OUT);
    }

    @Test
    void shouldApplyQuietHoursBeforeTheCaps() {
        RouteHistory full = routed(today(NIGHT), NIGHT - 60_000, "b1", "b2");
        assertThat(USER_RULES.blockingUser(false, NIGHT, full)).isEqualTo(Rule.QUIET_HOURS);
    }

    @Test
    void shouldApplyTheDailyCapBeforeTheMinimumGap() {
        RouteHistory full = routed(today(EVENING), EVENING - 60_000, "b1", "b2");
        assertThat(USER_RULES.blockingUser(false, EVENING, full)).isEqualTo(Rule.DAILY_CAP);
    }

    @Test
    void shouldKeepTheMinimumGapBetweenTwoRoutes() {
        RouteHistory one =
                routed(today(EVENING), EVENING - Duration.ofMinutes(29).toMillis(), "b1");
        assertThat(USER_RULES.blockingUser(false, EVENING, one)).isEqualTo(Rule.MIN_GAP);
        RouteHistory earlier =
                routed(today(EVENING), EVENING - Duration.ofMinutes(31).toMillis(), "b1");
        assertThat(USER_RULES.blockingUser(false, EVENING, earlier)).isNull();
    }

    @Test
    void shouldRemoveABrandUnderTheSellerThresholdBeforeCheckingItsCap() {
        assertThat(USER_RULES.blockingBrand(RULES.minSellerScore() - 1, 5)).isEqualTo(Rule.SELLER_SCORE);
        assertThat(USER_RULES.blockingBrand(RULES.minSellerScore(), 1)).isEqualTo(Rule.BRAND_DAILY_CAP);
        assertThat(USER_RULES.blockingBrand(RULES.minSellerScore(), 0)).isNull();
    }

    @Test
    void shouldListEveryUserAndBrandRuleOnceInTheOrderTheyApply() {
        assertThat(UserRules.ALL)
                .containsExactly(
                        Rule.OPT_OUT,
                        Rule.QUIET_HOURS,
                        Rule.DAILY_CAP,
                        Rule.MIN_GAP,
                        Rule.SELLER_SCORE,
                        Rule.BRAND_DAILY_CAP);
    }

    private static RouteHistory today(long t) {
        return new RouteHistory().on(RULES.localDay(t));
    }

    private static RouteHistory routed(RouteHistory routes, long at, String... brands) {
        for (String brand : brands) {
            routes.record(brand, at);
        }
        return routes;
    }
}
