package io.chuanliu.stream.job;

import io.chuanliu.common.events.Conversion;
import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.events.RoutingStats;
import org.apache.flink.api.connector.sink2.Sink;

/** Where the routing job writes: Kafka in production ({@link KafkaOutputs}); tests may pass their own. */
public interface RoutingOutputs {

    /** Routing decisions (at least once: ids are deterministic). */
    Sink<RoutingDecision> decisions();

    /** Expert rewards and their reversals: money, so exactly once. */
    Sink<ExpertReward> rewards();

    /** Routed and held-out conversions: exactly once. */
    Sink<Conversion> conversions();

    Sink<DeadLetter> deadLetters();

    /** Proposals the budget stage refused (at least once: taking a route back is idempotent). */
    Sink<RouteRefusal> refusals();

    /** Per-brand, per-day snapshots (at least once: a later snapshot of a key replaces an earlier one). */
    Sink<RoutingStats> stats();
}
