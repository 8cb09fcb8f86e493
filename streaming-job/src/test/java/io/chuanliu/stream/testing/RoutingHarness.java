package io.chuanliu.stream.testing;

import io.chuanliu.stream.functions.RoutingBroadcast;
import io.chuanliu.stream.records.BroadcastUpdate;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.UserSignal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** A per-user stage (keyed by user, the routing broadcast states) in Flink's harness, not yet opened. */
public final class RoutingHarness {

    private RoutingHarness() {}

    /** The only subtask, owning all {@code maxParallelism} key groups (so every shard of a user store). */
    public static KeyedBroadcastOperatorTestHarness<String, UserSignal, BroadcastUpdate, Proposal> of(
            KeyedBroadcastProcessFunction<String, UserSignal, BroadcastUpdate, Proposal> function, int maxParallelism)
            throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        function,
                        List.of(
                                RoutingBroadcast.LIVE_SESSIONS,
                                RoutingBroadcast.MODEL,
                                RoutingBroadcast.SELLER_SCORES,
                                RoutingBroadcast.EXPERT_SCORES)),
                (UserSignal s) -> s.user,
                Types.STRING,
                maxParallelism,
                1,
                0);
    }
}
