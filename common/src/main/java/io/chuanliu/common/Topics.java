package io.chuanliu.common;

import java.util.List;

/** Default topic names, shared by the job, the generator, the training publisher and the runner. */
public final class Topics {

    public static final String EXPERT_ORDERS = "expert-orders";
    public static final String ENGAGEMENTS = "engagements";
    public static final String LIVE_SESSIONS = "live-sessions";
    public static final String USER_ACTIVITY = "user-activity";
    public static final String CONTROL = "control";
    public static final String MODEL_UPDATES = "model-updates";
    public static final String ROUTING_DECISIONS = "routing-decisions";
    public static final String EXPERT_REWARDS = "expert-rewards";
    public static final String CONVERSIONS = "conversions";
    public static final String DEAD_LETTERS = "dead-letters";
    /** Written and read back by the routing job: proposals its budget stage refused. */
    public static final String ROUTING_REFUSALS = "routing-refusals";
    /** Per-brand, per-day snapshots of routes, refusals, conversions and incremental GMV; compacted. */
    public static final String ROUTING_STATS = "routing-stats";

    /** The topics the routing job reads. */
    public static final List<String> INPUTS =
            List.of(EXPERT_ORDERS, ENGAGEMENTS, LIVE_SESSIONS, USER_ACTIVITY, CONTROL, MODEL_UPDATES);

    /** The topics the routing job writes ({@link #ROUTING_REFUSALS} it also reads back). */
    public static final List<String> OUTPUTS =
            List.of(ROUTING_DECISIONS, EXPERT_REWARDS, CONVERSIONS, DEAD_LETTERS, ROUTING_REFUSALS, ROUTING_STATS);

    /** Every topic of the job, each once. */
    public static final List<String> ALL =
            java.util.stream.Stream.concat(INPUTS.stream(), OUTPUTS.stream()).toList();

    private Topics() {}
}
