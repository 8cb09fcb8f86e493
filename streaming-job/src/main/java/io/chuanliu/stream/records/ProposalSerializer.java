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

/** {@link Proposal}: from the per-user stage to the brand budgets, and the attribution stage's decisions. */
public final class ProposalSerializer extends CompactSerializer<Proposal> {

    private static final long serialVersionUID = 1L;
    private static final int FORMAT = 2;
    private static final double[] NO_SHARES = new double[0];

    public static final ProposalSerializer INSTANCE = new ProposalSerializer();

    @Override
    public Proposal createInstance() {
        return new Proposal();
    }

    @Override
    public Proposal copy(Proposal from) {
        Proposal p = new Proposal();
        p.decisionId = from.decisionId;
        p.user = from.user;
        p.brand = from.brand;
        p.sessionId = from.sessionId;
        p.score = from.score;
        p.value = from.value;
        p.reason = from.reason;
        p.expert = from.expert;
        p.experts = from.experts.clone();
        p.shares = from.shares.clone();
        p.activityTime = from.activityTime;
        p.parsedAt = from.parsedAt;
        p.holdout = from.holdout;
        return p;
    }

    @Override
    public void serialize(Proposal p, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        Fields.writeString(p.decisionId, out);
        Fields.writeString(p.user, out);
        Fields.writeString(p.brand, out);
        Fields.writeString(p.sessionId, out);
        out.writeDouble(p.score);
        Fields.writeString(p.reason, out);
        Fields.writeString(p.expert, out);
        Fields.writeStrings(p.experts, out);
        Fields.writeLength(p.shares.length, out);
        for (double share : p.shares) {
            out.writeDouble(share);
        }
        out.writeLong(p.activityTime);
        out.writeLong(p.parsedAt);
        out.writeBoolean(p.holdout);
        out.writeDouble(p.value);
    }

    @Override
    public Proposal deserialize(DataInputView in) throws IOException {
        int version = readVersion(in, 1, FORMAT, "Proposal");
        Proposal p = new Proposal();
        p.decisionId = Fields.readString(in);
        p.user = Fields.readString(in);
        p.brand = Fields.readString(in);
        p.sessionId = Fields.readString(in);
        p.score = in.readDouble();
        p.reason = Fields.readString(in);
        p.expert = Fields.readString(in);
        p.experts = Fields.readStrings(in);
        int shares = Fields.readLength(in);
        p.shares = shares == 0 ? NO_SHARES : new double[shares];
        for (int i = 0; i < shares; i++) {
            p.shares[i] = in.readDouble();
        }
        p.activityTime = in.readLong();
        p.parsedAt = in.readLong();
        p.holdout = in.readBoolean();
        // Format 1 had no value: pacing by the score, as it then did.
        p.value = version >= 2 ? in.readDouble() : p.score;
        return p;
    }

    @Override
    public TypeSerializerSnapshot<Proposal> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from checkpoints and savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Proposal> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes {@code TypeInformation.of(Proposal.class)} use this serializer. */
    public static final class Factory extends TypeInfoFactory<Proposal> {
        @Override
        public TypeInformation<Proposal> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(Proposal.class, INSTANCE);
        }
    }
}
