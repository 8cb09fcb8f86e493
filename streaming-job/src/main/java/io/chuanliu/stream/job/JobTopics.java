package io.chuanliu.stream.job;

import io.chuanliu.common.Topics;
import io.chuanliu.common.config.Setting;
import io.chuanliu.common.config.Settings;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The topic names the job reads and writes, each from its {@code topic.*} setting (default: {@link Topics}). */
public record JobTopics(
        String expertOrders,
        String engagements,
        String liveSessions,
        String userActivity,
        String control,
        String modelUpdates,
        String routingDecisions,
        String expertRewards,
        String conversions,
        String deadLetters,
        String routingRefusals,
        String routingStats)
        implements Serializable {

    public static final Setting<String> EXPERT_ORDERS =
            Setting.string("topic.expert-orders", Topics.EXPERT_ORDERS, "expert and brand-room orders, keyed by user");
    public static final Setting<String> ENGAGEMENTS =
            Setting.string("topic.engagements", Topics.ENGAGEMENTS, "likes, carts and views, keyed by user");
    public static final Setting<String> LIVE_SESSIONS =
            Setting.string("topic.live-sessions", Topics.LIVE_SESSIONS, "brand live-room sessions, keyed by brand");
    public static final Setting<String> USER_ACTIVITY =
            Setting.string("topic.user-activity", Topics.USER_ACTIVITY, "app activity (traffic slots), keyed by user");
    public static final Setting<String> CONTROL = Setting.string(
            "topic.control",
            Topics.CONTROL,
            "opt-outs, seller scores and brand budgets, keyed by user or brand, compacted");
    public static final Setting<String> MODEL_UPDATES = Setting.string(
            "topic.model-updates", Topics.MODEL_UPDATES, "published models (ModelRef), keyed by model name, compacted");
    public static final Setting<String> ROUTING_DECISIONS = Setting.string(
            "topic.routing-decisions",
            Topics.ROUTING_DECISIONS,
            "routing decisions out (at least once), keyed by user");
    public static final Setting<String> EXPERT_REWARDS = Setting.string(
            "topic.expert-rewards",
            Topics.EXPERT_REWARDS,
            "expert rewards out (exactly once, read committed), keyed by expert");
    public static final Setting<String> CONVERSIONS = Setting.string(
            "topic.conversions",
            Topics.CONVERSIONS,
            "routed and hold-out conversions out (exactly once), keyed by user");
    public static final Setting<String> DEAD_LETTERS =
            Setting.string("topic.dead-letters", Topics.DEAD_LETTERS, "invalid input out, keyed by source topic");
    public static final Setting<String> ROUTING_REFUSALS = Setting.string(
            "topic.routing-refusals",
            Topics.ROUTING_REFUSALS,
            "proposals the budget stage refused, written and read back by the job "
                    + "(at least once) so the user's caps do not count them; keyed by user");
    public static final Setting<String> ROUTING_STATS = Setting.string(
            "topic.routing-stats",
            Topics.ROUTING_STATS,
            "per-brand, per-day routing and incremental-GMV snapshots out (at least once), "
                    + "keyed by brand|day, compacted");

    /** The topic settings, in this record's order. */
    public static final List<Setting<?>> ALL = List.of(
            EXPERT_ORDERS,
            ENGAGEMENTS,
            LIVE_SESSIONS,
            USER_ACTIVITY,
            CONTROL,
            MODEL_UPDATES,
            ROUTING_DECISIONS,
            EXPERT_REWARDS,
            CONVERSIONS,
            DEAD_LETTERS,
            ROUTING_REFUSALS,
            ROUTING_STATS);

    static JobTopics from(Settings settings) {
        return new JobTopics(
                settings.get(EXPERT_ORDERS),
                settings.get(ENGAGEMENTS),
                settings.get(LIVE_SESSIONS),
                settings.get(USER_ACTIVITY),
                settings.get(CONTROL),
                settings.get(MODEL_UPDATES),
                settings.get(ROUTING_DECISIONS),
                settings.get(EXPERT_REWARDS),
                settings.get(CONVERSIONS),
                settings.get(DEAD_LETTERS),
                settings.get(ROUTING_REFUSALS),
                settings.get(ROUTING_STATS));
    }

    /** Every topic of the job by the setting that names it. */
    public Map<String, String> bySetting() {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put(EXPERT_ORDERS.key(), expertOrders);
        topics.put(ENGAGEMENTS.key(), engagements);
        topics.put(LIVE_SESSIONS.key(), liveSessions);
        topics.put(USER_ACTIVITY.key(), userActivity);
        topics.put(CONTROL.key(), control);
        topics.put(MODEL_UPDATES.key(), modelUpdates);
        topics.put(ROUTING_DECISIONS.key(), routingDecisions);
        topics.put(EXPERT_REWARDS.key(), expertRewards);
        topics.put(CONVERSIONS.key(), conversions);
        topics.put(DEAD_LETTERS.key(), deadLetters);
        topics.put(ROUTING_REFUSALS.key(), routingRefusals);
        topics.put(ROUTING_STATS.key(), routingStats);
        return topics;
    }
}
