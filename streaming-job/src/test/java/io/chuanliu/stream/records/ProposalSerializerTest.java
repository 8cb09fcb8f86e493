package io.chuanliu.stream.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.stream.types.RecursiveEquality;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract for proposals: expert routes with credit shares, audience routes, hold-outs. */
class ProposalSerializerTest extends SerializerTestBase<Proposal> {

    ProposalSerializerTest() {
        super(RecursiveEquality.of(Proposal.class));
    }

    @Override
    protected TypeSerializer<Proposal> createSerializer() {
        return ProposalSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<Proposal> getTypeClass() {
        return Proposal.class;
    }

    /** A proposal in flight or in state from before values (format 1) is paced by its score, as it was then. */
    @Test
    void shouldReadFormatOneAndPaceItByItsScore() throws Exception {
        Proposal old = proposal("d1", "u1", "b1", "expert_order:e1", "e1", false);
        DataOutputSerializer out = new DataOutputSerializer(128);
        ProposalSerializer.INSTANCE.serialize(old, out);
        byte[] bytes = Arrays.copyOf(out.getSharedBuffer(), out.length() - Double.BYTES);
        bytes[0] = 1;

        Proposal read = ProposalSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));

        assertThat(read.decisionId).isEqualTo("d1");
        assertThat(read.holdout).isFalse();
        assertThat(read.value).isEqualTo(read.score).isEqualTo(0.42);
    }

    @Override
    protected Proposal[] getTestData() {
        Proposal expert = proposal("d1", "u1", "b1", "expert_order:e1", "e1", false);
        expert.experts = new String[] {"e1", "e2"};
        expert.shares = new double[] {0.75, 0.25};
        Proposal audience = proposal("d2", "u2", "b2", "audience:model-7", null, false);
        Proposal heldOut = proposal("d3", "u3", "b1", "engagement:like:e3", "e3", true);
        heldOut.experts = new String[] {"e3"};
        heldOut.shares = new double[] {1.0};
        return new Proposal[] {expert, audience, heldOut, new Proposal()};
    }

    private static Proposal proposal(
            String id, String user, String brand, String reason, String expert, boolean holdout) {
        Proposal p = new Proposal();
        p.decisionId = id;
        p.user = user;
        p.brand = brand;
        p.sessionId = brand + "-s1";
        p.score = 0.42;
        p.value = 0.07;
        p.reason = reason;
        p.expert = expert;
        p.activityTime = 1_793_250_000_000L;
        p.parsedAt = 1_795_000_000_000L;
        p.holdout = holdout;
        return p;
    }
}
