package io.chuanliu.stream.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.stream.state.BrandSessions;
import io.chuanliu.stream.state.BrandTouches;
import io.chuanliu.stream.state.BudgetDay;
import io.chuanliu.stream.state.ExpertTouch;
import io.chuanliu.stream.state.LiveWindow;
import io.chuanliu.stream.state.RouteHistory;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * Every type that crosses the network or lives in state has a Flink serializer of its own: a POJO,
 * or, on the routing path, a hand-written compact serializer. Nothing falls back to Kryo.
 */
class FlinkTypesTest {

    @Test
    void shouldSerialiseStreamRecordsAsPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RawRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SessionUpdate.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ModelUpdate.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BroadcastUpdate.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BrandSignal.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SellerScore.class);
    }

    @Test
    void shouldSerialiseStateAsPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ExpertTouch.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BrandTouches.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RouteHistory.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BudgetDay.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BrandSessions.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(LiveWindow.class);
    }

    @Test
    void shouldSerialiseTheRoutingPathWithTheCompactSerializers() {
        assertThat(TypeInformation.of(UserSignal.class).createSerializer(new SerializerConfigImpl()))
                .isSameAs(io.chuanliu.stream.records.UserSignalSerializer.INSTANCE);
        assertThat(TypeInformation.of(Proposal.class).createSerializer(new SerializerConfigImpl()))
                .isSameAs(io.chuanliu.stream.records.ProposalSerializer.INSTANCE);
        assertThat(TypeInformation.of(io.chuanliu.stream.state.UserState.class)
                        .createSerializer(new SerializerConfigImpl()))
                .isSameAs(io.chuanliu.stream.state.UserStateSerializer.INSTANCE);
    }
}
