package io.chuanliu.stream.types;

import io.chuanliu.common.ranking.Decay;
import io.chuanliu.common.ranking.OwnHistory;
import java.time.Duration;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's serializer contract for the ranker's per-user own history: empty, one brand, several. */
class OwnHistorySerializerTest extends SerializerTestBase<OwnHistory> {

    OwnHistorySerializerTest() {
        super(RecursiveEquality.of(OwnHistory.class));
    }

    @Override
    protected TypeSerializer<OwnHistory> createSerializer() {
        return OwnHistorySerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<OwnHistory> getTypeClass() {
        return OwnHistory.class;
    }

    @Override
    protected OwnHistory[] getTestData() {
        double lambda = Decay.lambda(Duration.ofDays(14));
        OwnHistory one = new OwnHistory();
        one.order("b1", 59.9, false, 1_000L, lambda);
        OwnHistory several = new OwnHistory();
        several.order("b1", 10, false, 1_000L, lambda);
        several.engagement("b2", "like", 2_000L, lambda);
        several.order("b1", 10, true, 3_000L, lambda);
        several.engagement("b3", "cart", 4_000L, lambda);
        return new OwnHistory[] {new OwnHistory(), one, several};
    }
}
