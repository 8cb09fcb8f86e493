package io.chuanliu.stream.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.stream.types.Fields;
import io.chuanliu.stream.types.RecursiveEquality;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract for the per-user state: empty, touches only, routes only, both, and with own history and opt-out. */
class UserStateSerializerTest extends SerializerTestBase<UserState> {

    UserStateSerializerTest() {
        // The own history is held undecoded after a read: both sides decode it before their fields are compared.
        super(new DeeplyEqualsChecker()
                .withCustomCheck((a, b) -> a instanceof UserState && b instanceof UserState, (a, b, checker) -> {
                    ((UserState) a).own();
                    ((UserState) b).own();
                    return RecursiveEquality.of(UserState.class).deepEquals(a, b);
                }));
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
        b1.add(new ExpertTouch("e1", TouchSource.EXPERT_ORDER, "o1", 1.0, 1_000L), WEEK);
        b1.add(new ExpertTouch("e2", TouchSource.LIKE, null, 0.4, 2_000L), WEEK);
        touched.put("b1", b1);
        BrandTouches b2 = new BrandTouches();
        b2.add(new ExpertTouch("e3", TouchSource.CART, null, 0.6, 3_000L), WEEK);
        touched.put("b2", b2);

        UserState routed = new UserState();
        routed.routes = new RouteHistory();
        routed.routes.on(20_390);
        routed.routes.record("b1", 4_000L);
        routed.routes.record("b2", 5_000L);

        UserState both = new UserState();
        both.put("b1", b1);
        both.routes = routed.routes;

        UserState everything = new UserState();
        everything.put("b2", b2);
        everything.routes = routed.routes;
        everything.own().order("b2", 120.0, false, 2_000L, 1e-9);
        everything.own().engagement("b3", "like", 3_000L, 1e-9);
        everything.optedOut = true;
        return new UserState[] {new UserState(), touched, routed, both, everything};
    }

    @Test
    void shouldMarkStateWrittenInFormatTwoAsStillToBeFoldedWithItsOwnHistory() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeByte(2);
        Fields.writeLength(0, out); // no touched brands
        out.writeBoolean(false); // no routes

        UserState read = UserStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(read.needsFold).isTrue();
        assertThat(read.own().brands).isEmpty();
        assertThat(read.optedOut).isFalse();
        assertThat(UserStateSerializer.INSTANCE.copy(read).needsFold).isTrue();
    }

    @Test
    void shouldReadTheRoutesOfStateWrittenInFormatOneAsRoutesThatCannotBeTakenBack() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeByte(1);
        Fields.writeLength(0, out); // no touched brands
        out.writeBoolean(true);
        out.writeLong(20_390);
        out.writeInt(2);
        out.writeLong(5_000L);
        Fields.writeStrings(new String[] {"b1", "b2"}, out);

        UserState read = UserStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(read.routes.routes).isEqualTo(2);
        assertThat(read.routes.routesTo("b2")).isEqualTo(1);
        assertThat(read.routes.lastRoutedAt).isEqualTo(5_000L);
        assertThat(read.routes.undo("b2", 5_000L)).isFalse();
        assertThat(read.routes.routes).isEqualTo(2);
    }
}
