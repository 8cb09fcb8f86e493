package io.chuanliu.stream.types;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the hand-written serializers for the records on the routing path (network exchanges and
 * RocksDB values). Flink's POJO serializer reaches every field by reflection and writes a null flag
 * per field and per array element; these write the fields in a fixed order with one version byte,
 * which the benchmark's profile showed to be the routing thread's largest cost. Instances are
 * stateless, so one serves every thread.
 */
public abstract class CompactSerializer<T> extends TypeSerializerSingleton<T> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /** Reads the format byte and accepts {@code oldest..newest}; returns the format read. */
    protected static int readVersion(DataInputView in, int oldest, int newest, String type) throws IOException {
        int version = in.readUnsignedByte();
        if (version < oldest || version > newest) {
            throw new IOException(type + " written in format " + version + ", this version reads formats " + oldest
                    + ".." + newest + ": restore from a savepoint taken by a compatible Chuanliu version");
        }
        return version;
    }

    /** Reads the version byte and fails naming the type if it is not one this code writes. */
    protected static void readVersion(DataInputView in, int expected, String type) throws IOException {
        int version = in.readUnsignedByte();
        if (version != expected) {
            throw new IOException(type + " written in format " + version + ", this version reads format " + expected
                    + ": restore from a savepoint taken by a compatible Chuanliu version");
        }
    }
}
