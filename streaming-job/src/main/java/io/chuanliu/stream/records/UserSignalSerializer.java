package io.chuanliu.stream.records;

import io.chuanliu.stream.types.CompactSerializer;
import io.chuanliu.stream.types.CompactTypeInfo;
import io.chuanliu.stream.types.Fields;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link UserSignal}: the per-user stage's input and the attribution stage's waiting orders. */
public final class UserSignalSerializer extends CompactSerializer<UserSignal> {

    private static final long serialVersionUID = 1L;
    private static final int FORMAT = 1;
    private static final UserSignal.Kind[] KINDS = UserSignal.Kind.values();

    public static final UserSignalSerializer INSTANCE = new UserSignalSerializer();

    @Override
    public UserSignal createInstance() {
        return new UserSignal();
    }

    @Override
    public UserSignal copy(UserSignal from) {
        UserSignal s = new UserSignal();
        s.kind = from.kind;
        s.user = from.user;
        s.brand = from.brand;
        s.expert = from.expert;
        s.orderId = from.orderId;
        s.detail = from.detail;
        s.amountCents = from.amountCents;
        s.refund = from.refund;
        s.eventTime = from.eventTime;
        s.sessionId = from.sessionId;
        s.sessionStart = from.sessionStart;
        s.sessionEnd = from.sessionEnd;
        s.parsedAt = from.parsedAt;
        return s;
    }

    @Override
    public void serialize(UserSignal s, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        out.writeByte(s.kind == null ? -1 : s.kind.ordinal());
        Fields.writeString(s.user, out);
        Fields.writeString(s.brand, out);
        Fields.writeString(s.expert, out);
        Fields.writeString(s.orderId, out);
        Fields.writeString(s.detail, out);
        Fields.writeString(s.sessionId, out);
        out.writeLong(s.amountCents);
        out.writeBoolean(s.refund);
        out.writeLong(s.eventTime);
        out.writeLong(s.sessionStart);
        out.writeLong(s.sessionEnd);
        out.writeLong(s.parsedAt);
    }

    @Override
    public UserSignal deserialize(DataInputView in) throws IOException {
        readVersion(in, FORMAT, "UserSignal");
        UserSignal s = new UserSignal();
        int kind = in.readByte();
        s.kind = kind < 0 ? null : KINDS[kind];
        s.user = Fields.readString(in);
        s.brand = Fields.readString(in);
        s.expert = Fields.readString(in);
        s.orderId = Fields.readString(in);
        s.detail = Fields.readString(in);
        s.sessionId = Fields.readString(in);
        s.amountCents = in.readLong();
        s.refund = in.readBoolean();
        s.eventTime = in.readLong();
        s.sessionStart = in.readLong();
        s.sessionEnd = in.readLong();
        s.parsedAt = in.readLong();
        return s;
    }

    @Override
    public TypeSerializerSnapshot<UserSignal> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from checkpoints and savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UserSignal> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes {@code TypeInformation.of(UserSignal.class)} use this serializer. */
    public static final class Factory extends TypeInfoFactory<UserSignal> {
        @Override
        public TypeInformation<UserSignal> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(UserSignal.class, INSTANCE);
        }
    }
}
