package io.chuanliu.generator;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** What a generation run wrote, saved as {@code summary.json} beside the files. */
public record GenerationSummary(
        long seed,
        int users,
        int brands,
        int experts,
        @JsonProperty("history_days") int historyDays,
        @JsonProperty("start_date") String startDate,
        @JsonProperty("live_date") String liveDate,
        @JsonProperty("history_orders") long historyOrders,
        @JsonProperty("history_engagements") long historyEngagements,
        @JsonProperty("live_events_by_topic") Map<String, Long> liveEventsByTopic,
        @JsonProperty("live_invalid_events") long liveInvalidEvents,
        long buyers,
        @JsonProperty("repeat_buyer_rate") double repeatBuyerRate,
        @JsonProperty("same_brand_repeat_buyer_rate") double sameBrandRepeatBuyerRate,
        @JsonProperty("elapsed_ms") long elapsedMs) {

    public long liveEvents() {
        return liveEventsByTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalEvents() {
        return historyOrders + historyEngagements + liveEvents();
    }
}
