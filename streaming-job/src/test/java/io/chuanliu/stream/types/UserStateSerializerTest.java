package io.chuanliu.stream.types;

import io.chuanliu.stream.state.BrandTouches;
import io.chuanliu.stream.state.ExpertTouch;
import io.chuanliu.stream.state.RouteHistory;
import io.chuanliu.stream.state.UserState;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's serializer contract for the per-user state: empty, touches only, routes only, both. */
class UserStateSerializerTest extends SerializerTestBase<UserState> {

    UserStateSerializerTest() {
        super(RecursiveEquality.of(UserState.class));
    }

    private static final long WEEK = 7 * 24 * 3_600_000L;

    @Override
    protected TypeSerializer<UserState> createSerializer() {
        return UserStateSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<UserState> getTypeClass() {
        return UserState.class;
    }

    @Override
    protected UserState[] getTestData() {
        UserState touched = new UserState();
        BrandTouches b1 = new BrandTouches();
        b1.add(new ExpertTouch("e1", "expert_order", "o1", 1.0, 1_000L), WEEK);
        b1.add(new ExpertTouch("e2", "engagement:like", null, 0.4, 2_000L), WEEK);
        touched.put("b1", b1);
        BrandTouches b2 = new BrandTouches();
        b2.add(new ExpertTouch("e3", "engagement:cart", null, 0.6, 3_000L), WEEK);
        touched.put("b2", b2);

        UserState routed = new UserState();
        routed.routes = new RouteHistory();
        routed.routes.day = 20_390;
        routed.routes.routes = 2;
        routed.routes.lastRoutedAt = 5_000L;
        routed.routes.brands = new String[] {"b1", "b2"};

        UserState both = new UserState();
        both.put("b1", b1);
        both.routes = routed.routes;
        return new UserState[] {new UserState(), touched, routed, both};
    }
}
