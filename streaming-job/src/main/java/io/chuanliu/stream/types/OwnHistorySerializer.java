package io.chuanliu.stream.types;

import io.chuanliu.common.ranking.OwnHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link OwnHistory}, the per-user RocksDB value of the ranker's own-history features: the reference
 * time, then per brand its name, decayed weight and engagement, order count and last time, and (format 2)
 * its decayed order count. Format 1 is still read: the decayed order count starts from the order count.
 */
public final class OwnHistorySerializer extends CompactSerializer<OwnHistory> {

    private static final long serialVersionUID = 1L;
    private static final int FORMAT = 2;

    public static final OwnHistorySerializer INSTANCE = new OwnHistorySerializer();

    /** The type information of the state, since {@code common} carries no Flink annotations. */
    public static TypeInformation<OwnHistory> typeInfo() {
        return new CompactTypeInfo<>(OwnHistory.class, INSTANCE);
    }

    /** The history in this serializer's format. */
    public static byte[] toBytes(OwnHistory history) {
        DataOutputSerializer out = new DataOutputSerializer(16 + 48 * history.brands.length);
        try {
            INSTANCE.serialize(history, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory buffer does not fail
        }
        return out.getCopyOfBuffer();
    }

    /** A history from {@link #toBytes}' output. */
    public static OwnHistory fromBytes(byte[] bytes) {
        try {
            return INSTANCE.deserialize(new DataInputDeserializer(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable own history of " + bytes.length + " bytes", e);
        }
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
        h.orderCount = from.orderCount.clone();
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
            out.writeDouble(h.orderCount[i]);
        }
    }

    @Override
    public OwnHistory deserialize(DataInputView in) throws IOException {
        int version = readVersion(in, 1, FORMAT, "OwnHistory");
        OwnHistory h = new OwnHistory();
        h.asOf = in.readLong();
        int n = Fields.readLength(in);
        h.brands = new String[n];
        h.confidence = new double[n];
        h.engagement = new double[n];
        h.orders = new long[n];
        h.lastTime = new long[n];
        h.orderCount = new double[n];
        for (int i = 0; i < n; i++) {
            h.brands[i] = Fields.readString(in);
            h.confidence[i] = in.readDouble();
            h.engagement[i] = in.readDouble();
            h.orders[i] = in.readLong();
            h.lastTime[i] = in.readLong();
            h.orderCount[i] = version >= 2 ? in.readDouble() : h.orders[i];
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
