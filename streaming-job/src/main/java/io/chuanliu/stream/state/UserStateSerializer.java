package io.chuanliu.stream.state;

import io.chuanliu.stream.types.CompactSerializer;
import io.chuanliu.stream.types.CompactTypeInfo;
import io.chuanliu.stream.types.Fields;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link UserState}, the per-user RocksDB value read on every activity while a brand the user may
 * be routed to is live: brands, their expert touches, the day's routes, then (format 3) the own
 * history (its length, then {@link OwnHistorySerializer}'s format: read as bytes and decoded only
 * when used) and the opt-out flag, written flat. Formats 1 and 2
 * are still read, marked {@link UserState#needsFold}.
 */
public final class UserStateSerializer extends CompactSerializer<UserState> {

    private static final long serialVersionUID = 1L;
    /** 2 adds each route's time and the last route before the day; 3 the own history and the opt-out. */
    private static final int FORMAT = 3;

    public static final UserStateSerializer INSTANCE = new UserStateSerializer();

    @Override
    public UserState createInstance() {
        return new UserState();
    }

    @Override
    public UserState copy(UserState from) {
        UserState s = new UserState();
        s.brands = from.brands.clone();
        s.touches = new BrandTouches[from.touches.length];
        for (int i = 0; i < s.touches.length; i++) {
            BrandTouches t = new BrandTouches();
            t.touches = new ExpertTouch[from.touches[i].touches.length];
            for (int j = 0; j < t.touches.length; j++) {
                ExpertTouch x = from.touches[i].touches[j];
                t.touches[j] = new ExpertTouch(x.expert, x.source, x.orderId, x.strength, x.eventTime);
            }
            s.touches[i] = t;
        }
        if (from.routes != null) {
            RouteHistory r = new RouteHistory();
            r.day = from.routes.day;
            r.routes = from.routes.routes;
            r.lastRoutedAt = from.routes.lastRoutedAt;
            r.brands = from.routes.brands.clone();
            r.times = from.routes.times.clone();
            r.lastRoutedBeforeToday = from.routes.lastRoutedBeforeToday;
            s.routes = r;
        }
        s.setOwnBytes(from.ownBytes().clone());
        s.optedOut = from.optedOut;
        s.needsFold = from.needsFold;
        return s;
    }

    @Override
    public void serialize(UserState s, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        Fields.writeLength(s.brands.length, out);
        for (int i = 0; i < s.brands.length; i++) {
            Fields.writeString(s.brands[i], out);
            ExpertTouch[] touches = s.touches[i].touches;
            Fields.writeLength(touches.length, out);
            for (ExpertTouch t : touches) {
                Fields.writeString(t.expert, out);
                writeSource(t.source, out);
                Fields.writeString(t.orderId, out);
                out.writeDouble(t.strength);
                out.writeLong(t.eventTime);
            }
        }
        RouteHistory r = s.routes;
        out.writeBoolean(r != null);
        if (r != null) {
            out.writeLong(r.day);
            out.writeInt(r.routes);
            out.writeLong(r.lastRoutedAt);
            Fields.writeStrings(r.brands, out);
            for (long time : r.times) {
                out.writeLong(time);
            }
            out.writeLong(r.lastRoutedBeforeToday);
        }
        byte[] own = s.ownBytes();
        Fields.writeLength(own.length, out);
        out.write(own);
        out.writeBoolean(s.optedOut);
    }

    @Override
    public UserState deserialize(DataInputView in) throws IOException {
        int format = readVersion(in, 1, FORMAT, "UserState");
        UserState s = new UserState();
        int brands = Fields.readLength(in);
        s.brands = new String[brands];
        s.touches = new BrandTouches[brands];
        for (int i = 0; i < brands; i++) {
            s.brands[i] = Fields.readString(in);
            BrandTouches t = new BrandTouches();
            t.touches = new ExpertTouch[Fields.readLength(in)];
            for (int j = 0; j < t.touches.length; j++) {
                t.touches[j] = new ExpertTouch(
                        Fields.readString(in), readSource(in), Fields.readString(in), in.readDouble(), in.readLong());
            }
            s.touches[i] = t;
        }
        if (in.readBoolean()) {
            RouteHistory r = new RouteHistory();
            r.day = in.readLong();
            r.routes = in.readInt();
            r.lastRoutedAt = in.readLong();
            r.brands = Fields.readStrings(in);
            r.times = new long[r.brands.length];
            if (format >= 2) {
                for (int i = 0; i < r.times.length; i++) {
                    r.times[i] = in.readLong();
                }
                r.lastRoutedBeforeToday = in.readLong();
            } else {
                Arrays.fill(r.times, Long.MIN_VALUE); // not recorded: such routes cannot be taken back
            }
            s.routes = r;
        }
        if (format >= 3) {
            byte[] own = new byte[Fields.readLength(in)];
            in.readFully(own);
            s.setOwnBytes(own);
            s.optedOut = in.readBoolean();
        } else {
            s.needsFold = true;
        }
        return s;
    }

    /** A source as its code (ordinal plus one). Code 0, text behind it, is what earlier versions wrote for an unknown one. */
    private static void writeSource(TouchSource source, DataOutputView out) throws IOException {
        out.writeByte(source.code());
    }

    private static TouchSource readSource(DataInputView in) throws IOException {
        int code = in.readUnsignedByte();
        TouchSource source = code == 0 ? TouchSource.ofLabel(Fields.readString(in)) : TouchSource.ofCode(code);
        if (source == null) {
            throw new IOException("UserState names touch source " + code + ", which this version does not know");
        }
        return source;
    }

    @Override
    public TypeSerializerSnapshot<UserState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from checkpoints and savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UserState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes {@code TypeInformation.of(UserState.class)} use this serializer. */
    public static final class Factory extends TypeInfoFactory<UserState> {
        @Override
        public TypeInformation<UserState> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(UserState.class, INSTANCE);
        }
    }
}
