package io.chuanliu.stream.functions;

import io.chuanliu.stream.records.ModelUpdate;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.state.BrandSessions;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;

/**
 * What every routing subtask knows alike, broadcast to all of them: live sessions, the model to
 * serve, seller and expert scores. The job wires the broadcast with these descriptors; their names
 * are part of savepoints.
 */
public final class RoutingBroadcast {

    /** Brand -> its latest sessions, as intervals of broadcasting. */
    public static final MapStateDescriptor<String, BrandSessions> LIVE_SESSIONS =
            new MapStateDescriptor<>("live-sessions", String.class, BrandSessions.class);

    /** "current" -> the model every subtask should serve; restored with the broadcast state. */
    public static final MapStateDescriptor<String, ModelUpdate> MODEL =
            new MapStateDescriptor<>("model", String.class, ModelUpdate.class);

    /** Brand -> its seller score, 0..100. */
    public static final MapStateDescriptor<String, Double> SELLER_SCORES =
            new MapStateDescriptor<>("seller-scores", String.class, Double.class);

    /** Expert -> its word-of-mouth score (带货口碑分), 0..100. */
    public static final MapStateDescriptor<String, Double> EXPERT_SCORES =
            new MapStateDescriptor<>("expert-scores", String.class, Double.class);

    /** The key under which {@link #MODEL} holds the model to serve. */
    public static final String CURRENT_MODEL = "current";

    private RoutingBroadcast() {}

    /** Applies a session update to its brand's sessions; returns how many brands are on air now. */
    static int applySession(BroadcastState<String, BrandSessions> live, SessionUpdate update) throws Exception {
        BrandSessions sessions = live.get(update.brand);
        if (sessions == null) {
            sessions = new BrandSessions();
        }
        sessions.apply(update);
        live.put(update.brand, sessions);
        int onAir = 0;
        for (Map.Entry<String, BrandSessions> entry : live.immutableEntries()) {
            if (entry.getValue().isOnAir()) {
                onAir++;
            }
        }
        return onAir;
    }
}
