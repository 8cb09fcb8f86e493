package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an order was placed. Only {@link #BRAND_LIVE} orders can convert a routing decision. */
public enum OrderChannel {
    /** In a distribution expert's live stream. */
    @JsonProperty("expert_live")
    EXPERT_LIVE,
    /** From a distribution expert's short video. */
    @JsonProperty("expert_video")
    EXPERT_VIDEO,
    /** In the brand's own live room (self-broadcast). */
    @JsonProperty("brand_live")
    BRAND_LIVE,
    /** From the brand's shop shelf, outside any live stream. */
    @JsonProperty("shelf")
    SHELF;

    /** Whether an expert's distribution made this sale, so the expert must be named. */
    public boolean isExpertDistribution() {
        return this == EXPERT_LIVE || this == EXPERT_VIDEO;
    }
}
