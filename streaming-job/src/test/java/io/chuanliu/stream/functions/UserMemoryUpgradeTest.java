package io.chuanliu.stream.functions;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.MINUTE;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.activity;
import static io.chuanliu.stream.testing.RoutingTestData.expertOrder;
import static io.chuanliu.stream.testing.RoutingTestData.goesLive;
import static io.chuanliu.stream.testing.RoutingTestData.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.ranking.OwnHistory;
import io.chuanliu.stream.records.BroadcastUpdate;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.rules.OwnHistoryDefaults;
import io.chuanliu.stream.rules.RoutingRules;
import io.chuanliu.stream.state.StateTtl;
import io.chuanliu.stream.state.UserState;
import io.chuanliu.stream.testing.RoutingHarness;
import io.chuanliu.stream.types.OwnHistorySerializer;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A savepoint of a version that kept the own history in a value of its own ({@code own-history}) restores into
 * the merged user value: a user's own history is folded in on first write, every other one at the first broadcast
 * element, and the opt-out kept beside it is copied in.
 */
class UserMemoryUpgradeTest {

    private static final int MAX_PARALLELISM = 128;
    private static final double LAMBDA = io.chuanliu.common.ranking.Decay.lambda(OwnHistoryDefaults.HALF_LIFE);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void shouldFoldTheOwnHistoryOfAnEarlierVersionIntoTheUsersValueAndClearIt(String backend) throws Exception {
        OperatorSubtaskState earlier = earlierVersionState(backend);

        try (var harness = harness(new RoutingFunction(RoutingRules.defaults().withHoldoutFraction(0)), backend)) {
            harness.initializeState(earlier);
            harness.open();
            assertThat(legacyEntries(harness)).as("restored as written").isEqualTo(2);

            harness.processElement(signal(expertOrder("o1", "u1", "b1", "e1", T0 - HOUR)), T0 - HOUR);
            assertThat(userValue(harness, "u1").own().brands)
                    .as("u1's first write takes its earlier own history along")
                    .containsExactly("b9", "b1");
            assertThat(legacyEntries(harness)).isEqualTo(1);

            harness.processBroadcastElement(BroadcastUpdate.of(goesLive("b1", "s1", T0, T0 + 4 * HOUR)), T0);
            assertThat(legacyEntries(harness))
                    .as("every one left is folded at the first broadcast")
                    .isZero();
            UserState u2 = userValue(harness, "u2");
            assertThat(u2.own().brands).containsExactly("b9");
            assertThat(u2.optedOut)
                    .as("u2's opt-out, kept beside the value, copied in")
                    .isTrue();

            harness.processElement(signal(expertOrder("o2", "u2", "b1", "e1", T0 - HOUR)), T0 - HOUR);
            harness.processElement(signal(activity("u1", T0 + MINUTE)), T0 + MINUTE);
            harness.processElement(signal(activity("u2", T0 + MINUTE)), T0 + MINUTE);
            assertThat(harness.extractOutputValues())
                    .as("u1 is routed; u2 opted out before the upgrade and stays out")
                    .extracting(p -> p.user)
                    .containsExactly("u1");
        }
    }

    /** What a version before the merged value kept: an own history for u1 and u2, and u2's opt-out. */
    private static OperatorSubtaskState earlierVersionState(String backend) throws Exception {
        try (var harness = harness(new EarlierVersion(), backend)) {
            harness.open();
            harness.processElement(signal(activity("u1", T0 - DAY)), T0 - DAY);
            harness.processElement(signal(activity("u2", T0 - DAY)), T0 - DAY);
            return harness.snapshot(1, T0);
        }
    }

    /** The stage in the harness on the heap ({@code hashmap}) or on RocksDB ({@code rocksdb}), as the job runs. */
    private static KeyedBroadcastOperatorTestHarness<String, UserSignal, BroadcastUpdate, Proposal> harness(
            KeyedBroadcastProcessFunction<String, UserSignal, BroadcastUpdate, Proposal> function, String backend)
            throws Exception {
        var harness = RoutingHarness.of(function, MAX_PARALLELISM);
        if (backend.equals("rocksdb")) {
            harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        return harness;
    }

    private static ValueStateDescriptor<OwnHistory> legacyDescriptor() {
        ValueStateDescriptor<OwnHistory> d =
                new ValueStateDescriptor<>(UserMemory.LEGACY_OWN_HISTORY, OwnHistorySerializer.typeInfo());
        d.enableTimeToLive(StateTtl.afterWrite(OwnHistoryDefaults.TTL));
        return d;
    }

    private static long legacyEntries(
            KeyedBroadcastOperatorTestHarness<String, UserSignal, BroadcastUpdate, Proposal> h) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        long n = 0;
        for (String user : List.of("u1", "u2")) {
            backend.setCurrentKey(user);
            n += backend.getPartitionedState(
                                            VoidNamespace.INSTANCE,
                                            VoidNamespaceSerializer.INSTANCE,
                                            legacyDescriptor())
                                    .value()
                            == null
                    ? 0
                    : 1;
        }
        return n;
    }

    private static UserState userValue(
            KeyedBroadcastOperatorTestHarness<String, UserSignal, BroadcastUpdate, Proposal> h, String user)
            throws Exception {
        ValueStateDescriptor<UserState> d = new ValueStateDescriptor<>("user", UserState.class);
        d.enableTimeToLive(StateTtl.afterWrite(OwnHistoryDefaults.TTL));
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(user);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d)
                .value();
    }

    /** Writes state as versions before the merged value did: the own history and the opt-out in values of their own. */
    private static final class EarlierVersion
            extends KeyedBroadcastProcessFunction<String, UserSignal, BroadcastUpdate, Proposal> {
        private transient ValueState<OwnHistory> ownHistory;
        private transient ValueState<Boolean> optedOut;

        @Override
        public void open(OpenContext context) {
            ownHistory = getRuntimeContext().getState(legacyDescriptor());
            optedOut = getRuntimeContext().getState(new ValueStateDescriptor<>("opted-out", Boolean.class));
        }

        @Override
        public void processElement(UserSignal signal, ReadOnlyContext ctx, Collector<Proposal> out) throws Exception {
            OwnHistory history = new OwnHistory();
            history.order("b9", 88.0, false, signal.eventTime, LAMBDA);
            ownHistory.update(history);
            if (signal.user.equals("u2")) {
                optedOut.update(true);
            }
        }

        @Override
        public void processBroadcastElement(BroadcastUpdate update, Context ctx, Collector<Proposal> out) {}
    }
}
