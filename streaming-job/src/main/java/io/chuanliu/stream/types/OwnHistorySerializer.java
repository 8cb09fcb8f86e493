package io.chuanliu.stream.types;

import io.chuanliu.common.ranking.OwnHistory;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link OwnHistory}, the per-user RocksDB value of the ranker's own-history features: the reference
 * time, then per brand its name, decayed weight and engagement, order count and last time.
 */
public final class OwnHistorySerializer extends CompactSerializer<OwnHistory> {

    private static final long serialVersionUID = 1L;
    private static final int FORMAT = 1;

    public static final OwnHistorySerializer INSTANCE = new OwnHistorySerializer();

    /** The type information of the state, since {@code common} carries no Flink annotations. */
    public static TypeInformation<OwnHistory> typeInfo() {
        return new CompactTypeInfo<>(OwnHistory.class, INSTANCE);
    }

    @Override
    public OwnHistory createInstance() {
        return new OwnHistory();
    }

    @Override
    public OwnHistory copy(OwnHistory from) {
        OwnHistory h = new OwnHistory();
        h.asOf = from.asOf;
        h.brands = from.brands.clone();
        h.confidence = from.confidence.clone();
        h.engagement = from.engagement.clone();
        h.orders = from.orders.clone();
        h.lastTime = from.lastTime.clone();
        return h;
    }

    @Override
    public void serialize(OwnHistory h, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        out.writeLong(h.asOf);
        Fields.writeLength(h.brands.length, out);
        for (int i = 0; i < h.brands.length; i++) {
            Fields.writeString(h.brands[i], out);
            out.writeDouble(h.confidence[i]);
            out.writeDouble(h.engagement[i]);
            out.writeLong(h.orders[i]);
            out.writeLong(h.lastTime[i]);
        }
    }

    @Override
    public OwnHistory deserialize(DataInputView in) throws IOException {
        readVersion(in, FORMAT, "OwnHistory");
        OwnHistory h = new OwnHistory();
        h.asOf = in.readLong();
        int n = Fields.readLength(in);
        h.brands = new String[n];
        h.confidence = new double[n];
        h.engagement = new double[n];
        h.orders = new long[n];
        h.lastTime = new long[n];
        for (int i = 0; i < n; i++) {
            h.brands[i] = Fields.readString(in);
            h.confidence[i] = in.readDouble();
            h.engagement[i] = in.readDouble();
            h.orders[i] = in.readLong();
            h.lastTime[i] = in.readLong();
        }
        return h;
    }

    @Override
    public TypeSerializerSnapshot<OwnHistory> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from checkpoints and savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<OwnHistory> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
