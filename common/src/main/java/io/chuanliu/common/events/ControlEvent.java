package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An operator's instruction: a user's opt-out or opt-in, a seller's scores, a brand's daily budget.
 * Which fields are required depends on {@link #kind()}.
 *
 * @param productScore 商品分, 0..100
 * @param shopExperienceScore 店铺体验分 (brands), 0..100
 * @param wordOfMouthScore 带货口碑分 (experts), 0..100
 * @param dailyBudget routed impressions per day for {@code brand}
 */
public record ControlEvent(
        @JsonProperty(required = true) ControlKind kind,
        String user,
        String brand,
        String expert,
        @JsonProperty("product_score") Double productScore,
        @JsonProperty("shop_experience_score") Double shopExperienceScore,
        @JsonProperty("word_of_mouth_score") Double wordOfMouthScore,
        @JsonProperty("daily_budget") Long dailyBudget,
        @JsonProperty(value = "event_time", required = true) long eventTime)
        implements Event {

    @Override
    public void validate(Validator v) {
        v.eventTime(eventTime).present("kind", kind);
        if (kind == null) {
            return;
        }
        switch (kind) {
            case OPT_OUT, OPT_IN -> v.notBlank("user", user);
            case SELLER_SCORES -> {
                v.check(brand != null || expert != null, "seller_scores needs a brand or an expert");
                v.score("product_score", productScore)
                        .score("shop_experience_score", shopExperienceScore)
                        .score("word_of_mouth_score", wordOfMouthScore);
            }
            case BRAND_BUDGET -> {
                v.notBlank("brand", brand);
                v.check(dailyBudget != null && dailyBudget >= 0, "daily_budget must be a non-negative number");
            }
        }
    }

    /** The key this control event belongs to: the user for opt-outs, the seller otherwise. */
    public String key() {
        return switch (kind) {
            case OPT_OUT, OPT_IN -> user;
            default -> brand != null ? brand : expert;
        };
    }
}
