package io.chuanliu.stream.records;

import io.chuanliu.stream.types.RecursiveEquality;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

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
        p.reason = reason;
        p.expert = expert;
        p.activityTime = 1_793_250_000_000L;
        p.parsedAt = 1_795_000_000_000L;
        p.holdout = holdout;
        return p;
    }
}
