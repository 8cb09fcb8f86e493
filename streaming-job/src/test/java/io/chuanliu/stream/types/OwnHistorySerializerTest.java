package io.chuanliu.stream.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.ranking.Decay;
import io.chuanliu.common.ranking.OwnHistory;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

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

    /** State from before the decayed order count (format 1) starts it from the order count. */
    @Test
    void shouldReadFormatOneStartingTheDecayedOrderCountFromTheOrderCount() throws Exception {
        OwnHistory old = new OwnHistory();
        double lambda = Decay.lambda(Duration.ofDays(14));
        old.order("b1", 59.9, false, 1_000L, lambda);
        old.order("b1", 5.0, false, 2_000L, lambda);
        DataOutputSerializer out = new DataOutputSerializer(128);
        OwnHistorySerializer.INSTANCE.serialize(old, out);
        byte[] bytes = Arrays.copyOf(out.getSharedBuffer(), out.length() - Double.BYTES);
        bytes[0] = 1;

        OwnHistory read = OwnHistorySerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));

        assertThat(read.brands).containsExactly("b1");
        assertThat(read.confidence).containsExactly(old.confidence);
        assertThat(read.orders).containsExactly(2);
        assertThat(read.orderCount).containsExactly(2.0);
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
