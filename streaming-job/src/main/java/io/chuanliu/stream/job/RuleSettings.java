package io.chuanliu.stream.job;

import io.chuanliu.common.config.InvalidSettingException;
import io.chuanliu.common.config.Setting;
import io.chuanliu.common.config.Settings;
import io.chuanliu.stream.rules.QuietHours;
import io.chuanliu.stream.rules.RoutingRules;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/** The settings of the routing rules ({@code routing.*}, {@code holdout.fraction}), defaulting to {@link RoutingRules#defaults()}. */
final class RuleSettings {

    private static final RoutingRules DEFAULT_RULES = RoutingRules.defaults();

    static final Setting<Duration> ELIGIBILITY_WINDOW = Setting.duration(
            "routing.eligibility-window",
            DEFAULT_RULES.eligibilityWindow(),
            "how long an expert order or engagement keeps its buyer routable to the brand");
    static final Setting<Duration> MIN_GAP = Setting.duration(
            "routing.min-gap", DEFAULT_RULES.minGap(), "shortest time between two routes to the same user");
    static final Setting<Integer> MAX_ROUTES_PER_DAY = Setting.positiveInt(
            "routing.max-routes-per-day", DEFAULT_RULES.maxRoutesPerDay(), "routes per user per local day");
    static final Setting<Integer> MAX_ROUTES_PER_BRAND_PER_DAY = Setting.positiveInt(
            "routing.max-routes-per-brand-per-day",
            DEFAULT_RULES.maxRoutesPerBrandPerDay(),
            "routes of one brand to one user per local day");
    static final Setting<QuietHours> QUIET_HOURS = Setting.of(
            "routing.quiet-hours",
            DEFAULT_RULES.quietHours(),
            "local hours without routes",
            "HH:mm-HH:mm or none",
            QuietHours::parse);
    static final Setting<ZoneId> TIME_ZONE = Setting.of(
            "routing.time-zone",
            DEFAULT_RULES.zone(),
            "time zone of days (caps, budgets) and quiet hours",
            "a time-zone id such as Asia/Shanghai",
            ZoneId::of);
    static final Setting<Double> MIN_SELLER_SCORE = Setting.number(
            "routing.min-seller-score",
            DEFAULT_RULES.minSellerScore(),
            "a brand whose seller score is under this gets no routed traffic");
    static final Setting<Double> UNSCORED_SELLER_SCORE = Setting.number(
            "routing.unscored-seller-score",
            DEFAULT_RULES.unscoredSellerScore(),
            "seller score assumed for a brand without one");
    static final Setting<Double> SELLER_WEIGHT = Setting.number(
            "routing.seller-weight",
            DEFAULT_RULES.sellerWeight(),
            "exponent of the seller-score factor in the score; 0 ignores seller scores");
    static final Setting<Double> AUDIENCE_STRENGTH = Setting.fraction(
            "routing.audience-strength",
            DEFAULT_RULES.audienceStrength(),
            "signal strength of look-alike audience membership (an expert order is 1)");
    static final Setting<Double> MIN_EXPERT_SCORE = Setting.number(
            "routing.min-expert-score",
            DEFAULT_RULES.minExpertScore(),
            "an expert whose word-of-mouth score (带货口碑分, control topic) is under this makes no one eligible, 0..100");
    static final Setting<Double> UNSCORED_EXPERT_SCORE = Setting.number(
            "routing.unscored-expert-score",
            DEFAULT_RULES.unscoredExpertScore(),
            "word-of-mouth score of an expert without one, 0..100");
    static final Setting<Double> HOLDOUT_FRACTION = Setting.fraction(
            "holdout.fraction",
            DEFAULT_RULES.holdoutFraction(),
            "share of users never routed (by user-id hash), to measure incremental GMV");

    static final List<Setting<?>> ALL = List.of(
            ELIGIBILITY_WINDOW,
            MIN_GAP,
            MAX_ROUTES_PER_DAY,
            MAX_ROUTES_PER_BRAND_PER_DAY,
            QUIET_HOURS,
            TIME_ZONE,
            MIN_SELLER_SCORE,
            UNSCORED_SELLER_SCORE,
            SELLER_WEIGHT,
            AUDIENCE_STRENGTH,
            HOLDOUT_FRACTION,
            MIN_EXPERT_SCORE,
            UNSCORED_EXPERT_SCORE);

    private RuleSettings() {}

    static RoutingRules from(Settings settings) {
        return new RoutingRules(
                settings.get(ELIGIBILITY_WINDOW),
                settings.get(MIN_GAP),
                settings.get(MAX_ROUTES_PER_DAY),
                settings.get(MAX_ROUTES_PER_BRAND_PER_DAY),
                settings.get(QUIET_HOURS),
                settings.get(TIME_ZONE),
                score(settings, MIN_SELLER_SCORE),
                settings.get(UNSCORED_SELLER_SCORE),
                settings.get(SELLER_WEIGHT),
                settings.get(AUDIENCE_STRENGTH),
                settings.get(HOLDOUT_FRACTION),
                score(settings, MIN_EXPERT_SCORE),
                score(settings, UNSCORED_EXPERT_SCORE));
    }

    private static double score(Settings settings, Setting<Double> setting) {
        double value = settings.get(setting);
        if (value < 0 || value > 100) {
            throw new InvalidSettingException(setting.key(), "expected a score in 0..100, got " + value);
        }
        return value;
    }
}
