package io.chuanliu.stream.records;

import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.ControlKind;
import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.EngagementKind;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.OrderChannel;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.stream.types.RecursiveEquality;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's serializer contract (copies, reuse, snapshots, sequences) for every kind of user signal. */
class UserSignalSerializerTest extends SerializerTestBase<UserSignal> {

    UserSignalSerializerTest() {
        super(RecursiveEquality.of(UserSignal.class));
    }

    @Override
    protected TypeSerializer<UserSignal> createSerializer() {
        return UserSignalSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<UserSignal> getTypeClass() {
        return UserSignal.class;
    }

    @Override
    protected UserSignal[] getTestData() {
        UserSignal empty = new UserSignal();
        UserSignal longText = UserSignal.of(new UserActivity("u6", "surface-" + "x".repeat(300) + "-直播间", 7_000L));
        return new UserSignal[] {
            UserSignal.of(new ExpertOrder(
                    "o1", "u1", "b1", "b1-i1", "e1", OrderChannel.EXPERT_LIVE, 9_900, 1, 1_000L, false)),
            UserSignal.of(
                    new ExpertOrder("o2", "u1", "b1", "b1-i2", null, OrderChannel.BRAND_LIVE, 19_900, 2, 2_000L, true)),
            UserSignal.of(new Engagement("u2", "b2", "b2-i1", "e2", EngagementKind.LIKE, 3_000L)),
            UserSignal.of(new UserActivity("用户三", "feed", 4_000L)),
            UserSignal.of(new ControlEvent(ControlKind.OPT_OUT, "u4", null, null, null, null, null, null, 5_000L)),
            UserSignal.reminder("u5", "b5", "b5-d1-s1", 6_000L, 9_000L, 6_000L),
            empty,
            longText,
        };
    }
}
