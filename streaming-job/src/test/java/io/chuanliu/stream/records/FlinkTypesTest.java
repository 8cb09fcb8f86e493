package io.chuanliu.stream.records;

import io.chuanliu.stream.state.BrandSessions;
import io.chuanliu.stream.state.BrandTouches;
import io.chuanliu.stream.state.BudgetDay;
import io.chuanliu.stream.state.RouteHistory;
import io.chuanliu.stream.state.ExpertTouch;
import io.chuanliu.stream.state.LiveWindow;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** Every type that crosses the network or lives in state is a POJO, so nothing falls back to Kryo. */
class FlinkTypesTest {

    @Test
    void shouldSerialiseStreamRecordsAsPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RawRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(UserSignal.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SessionUpdate.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ModelUpdate.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BroadcastUpdate.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Proposal.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BrandSignal.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SellerScore.class);
    }

    @Test
    void shouldSerialiseStateAsPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ExpertTouch.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BrandTouches.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RouteHistory.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BudgetDay.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(io.chuanliu.stream.state.UserState.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BrandSessions.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(LiveWindow.class);
    }
}
