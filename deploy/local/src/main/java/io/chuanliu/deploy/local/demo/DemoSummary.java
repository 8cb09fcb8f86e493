package io.chuanliu.deploy.local.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** What one demo run did, printed as a table and saved as {@code summary.json} in the work directory. */
public record DemoSummary(
        @JsonProperty("flink_ui") String flinkUi,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("job_name") String jobName,
        @JsonProperty("job_state") String jobState,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("model_evaluation") java.util.List<String> modelEvaluation,
        @JsonProperty("events_replayed") long eventsReplayed,
        @JsonProperty("events_by_topic") Map<String, Long> eventsByTopic,
        @JsonProperty("valid_events") long validEvents,
        @JsonProperty("dead_letters") long deadLetters,
        @JsonProperty("dead_letters_by_reason") Map<String, Long> deadLettersByReason,
        @JsonProperty("eligible_activities") long eligibleActivities,
        long decisions,
        @JsonProperty("routed_users") long routedUsers,
        @JsonProperty("routed_users_by_brand") Map<String, Long> routedUsersByBrand,
        @JsonProperty("decisions_by_reason") Map<String, Long> decisionsByReason,
        @JsonProperty("suppressed_by_rule") Map<String, Long> suppressedByRule,
        @JsonProperty("budgets_exhausted") long budgetsExhausted,
        @JsonProperty("refusals_read") long refusalsRead,
        @JsonProperty("routes_given_back") long routesGivenBack,
        @JsonProperty("fold_ins") long foldIns,
        HoldoutComparison holdout,
        Incrementality incrementality,
        RewardTotals rewards,
        @JsonProperty("model_loads") long modelLoads,
        @JsonProperty("model_rejections") long modelRejections,
        @JsonProperty("elapsed_seconds") double elapsedSeconds) {}
