package io.chuanliu.stream.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class RulesTest {

    @Test
    void shouldPutTheConfiguredShareOfUsersInTheHoldoutAlwaysTheSameWay() {
        int held = 0;
        for (int u = 0; u < 100_000; u++) {
            if (Holdout.contains("u" + u, 0.1)) {
                held++;
            }
        }
        assertThat(held).isBetween(9_500, 10_500);
        assertThat(Holdout.contains("u42", 0)).isFalse();
        assertThat(Holdout.contains("u42", 1)).isTrue();
    }

    /**
     * A user's hold-out bucket must never change between versions: a running comparison would mix
     * groups. These values were computed when the hash was introduced; a change here is a breaking one.
     */
    @Test
    void shouldKeepEveryUsersHoldoutBucketAcrossVersions() {
        assertThat(Holdout.bucket("u42")).isEqualTo(8873);
        assertThat(Holdout.bucket("u0")).isEqualTo(9122);
        assertThat(Holdout.bucket("user-123456789")).isEqualTo(8477);
        assertThat(Holdout.bucket("用户7")).isEqualTo(8090);
        assertThat(Holdout.contains("u42", 0.887)).isFalse();
        assertThat(Holdout.contains("u42", 0.8874)).isTrue();
    }

    @Test
    void shouldReadQuietHoursThatWrapPastMidnight() {
        QuietHours night = QuietHours.parse("23:00-07:00");

        assertThat(night.contains(LocalTime.of(23, 30))).isTrue();
        assertThat(night.contains(LocalTime.of(6, 59))).isTrue();
        assertThat(night.contains(LocalTime.of(7, 0))).isFalse();
        assertThat(night.contains(LocalTime.of(12, 0))).isFalse();
        assertThat(QuietHours.parse("none").contains(LocalTime.of(3, 0))).isFalse();
        assertThatThrownBy(() -> QuietHours.parse("late")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPaceEvenlyWithABurstAndNeverAllowMoreThanTheBudget() {
        assertThat(Pacing.allowance(100, 0, 0, 1, 0.05)).isEqualTo(5);
        assertThat(Pacing.allowance(100, 0, 0.5, 1, 0.05)).isEqualTo(55);
        assertThat(Pacing.allowance(100, 40, 0.5, 1, 0.05)).isEqualTo(75);
        assertThat(Pacing.isBehind(100, 44, 0, 0.5, 1, 0.05))
                .as("50 paced, 44 + 5 spent")
                .isTrue();
        assertThat(Pacing.isBehind(100, 45, 0, 0.5, 1, 0.05))
                .as("50 paced, 45 + 5 spent")
                .isFalse();
        assertThat(Pacing.allowance(100, 0, 1, 1, 0.05)).isEqualTo(100);
        assertThat(Pacing.allowance(3, 0, 0, 1, 0))
                .as("at least one impression of burst")
                .isEqualTo(1);
    }

    @Test
    void shouldLeaveTheLaterSessionsOfTheDayTheirPartOfTheBudget() {
        double afternoon = Pacing.sessionShare(2 * 3_600_000, 3 * 3_600_000);

        assertThat(afternoon).as("2 h of the day's 5 h on air").isEqualTo(0.4);
        assertThat(Pacing.sessionShare(3 * 3_600_000, 0))
                .as("the day's last session")
                .isEqualTo(1);
        assertThat(Pacing.allowance(100, 0, 0.5, afternoon, 0.05))
                .as("half the afternoon: 20 paced, 5 burst")
                .isEqualTo(25);
        assertThat(Pacing.allowance(100, 0, 1, afternoon, 0.05)).isEqualTo(45);
        assertThat(Pacing.sessionTarget(100, 0, afternoon)).isEqualTo(40);
        assertThat(Pacing.allowance(100, 40, 0.5, 1, 0.05))
                .as("the evening: half of the 60 left, 5 burst")
                .isEqualTo(75);
        assertThat(Pacing.isBehind(100, 14, 0, 0.5, afternoon, 0.05))
                .as("20 paced, 14 + 5 spent")
                .isTrue();
    }

    @Test
    void localDaysAndQuietHoursAgreeWithJavaTimeAcrossDaylightSavingChanges() {
        for (String zone : new String[] {"Asia/Shanghai", "Europe/Berlin", "America/Sao_Paulo"}) {
            RoutingRules rules = RoutingRules.defaults().withQuietHours(QuietHours.parse("23:00-07:00"));
            rules = new RoutingRules(
                    rules.eligibilityWindow(),
                    rules.minGap(),
                    rules.maxRoutesPerDay(),
                    rules.maxRoutesPerBrandPerDay(),
                    rules.quietHours(),
                    java.time.ZoneId.of(zone),
                    rules.minSellerScore(),
                    rules.unscoredSellerScore(),
                    rules.sellerWeight(),
                    rules.audienceStrength(),
                    rules.holdoutFraction(),
                    rules.minExpertScore(),
                    rules.unscoredExpertScore());
            for (long t = java.time.Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
                    t < java.time.Instant.parse("2026-11-15T00:00:00Z").toEpochMilli();
                    t += 7 * 60_000 + 13_000) {
                java.time.ZonedDateTime local =
                        java.time.Instant.ofEpochMilli(t).atZone(rules.zone());
                assertThat(rules.localDay(t))
                        .as("%s at %s", zone, local)
                        .isEqualTo(local.toLocalDate().toEpochDay());
                assertThat(rules.isQuiet(t))
                        .as("%s at %s", zone, local)
                        .isEqualTo(rules.quietHours().contains(local.toLocalTime()));
                assertThat(rules.isQuiet(t))
                        .as("%s at %s", zone, local)
                        .isEqualTo(local.getHour() >= 23 || local.getHour() < 7);
            }
        }
    }
}
