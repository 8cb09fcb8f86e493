package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a {@link ControlEvent} changes. */
public enum ControlKind {
    /** The user no longer wants routed live rooms. */
    @JsonProperty("opt_out")
    OPT_OUT,
    /** The user takes routed live rooms again. */
    @JsonProperty("opt_in")
    OPT_IN,
    /** New seller scores (经营风向标) for a brand or an expert. */
    @JsonProperty("seller_scores")
    SELLER_SCORES,
    /** A brand's daily budget of routed impressions. */
    @JsonProperty("brand_budget")
    BRAND_BUDGET
}
