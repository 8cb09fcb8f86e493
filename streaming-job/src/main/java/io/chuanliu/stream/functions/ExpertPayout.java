package io.chuanliu.stream.functions;

import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.state.BrandRoomOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.apache.flink.util.Collector;

/**
 * The rewards of one converting order: paid to the decision's experts (all to the last touch, or
 * shared by their credits), and reversed by a refund. Every reward id is derived from the order and
 * the expert, so a replay after a failure writes the same ids and the sink's exactly-once holds.
 */
final class ExpertPayout {

    private ExpertPayout() {}

    /**
     * Rewards the decision's experts for a routed conversion and records on {@code paid} what was paid,
     * for a refund to reverse.
     *
     * @return how many rewards were written
     */
    static int pay(
            Attribution.Mode mode,
            Proposal decision,
            UserSignal order,
            BrandRoomOrder paid,
            Collector<ExpertReward> out) {
        if (decision.experts.length == 0) {
            return 0;
        }
        String[] experts = mode == Attribution.Mode.LAST_TOUCH ? new String[] {decision.expert} : decision.experts;
        double[] credits = mode == Attribution.Mode.LAST_TOUCH ? new double[] {1.0} : decision.shares;
        paid.experts = experts;
        paid.credits = Arrays.copyOf(credits, credits.length);
        paid.rewardIds = new String[experts.length];
        for (int i = 0; i < experts.length; i++) {
            paid.rewardIds[i] = rewardId(order.orderId, experts[i], "");
            out.collect(new ExpertReward(
                    paid.rewardIds[i],
                    experts[i],
                    decision.brand,
                    order.user,
                    decision.decisionId,
                    order.orderId,
                    order.amountCents,
                    credits[i],
                    order.eventTime));
        }
        return experts.length;
    }

    /**
     * Reverses every reward {@code order} paid, each by a negative credit that names the reward it reverses.
     *
     * @return how many reversals were written
     */
    static int reverse(UserSignal refund, BrandRoomOrder order, Collector<ExpertReward> out) {
        for (int i = 0; i < order.rewardIds.length; i++) {
            out.collect(new ExpertReward(
                    rewardId(refund.orderId, order.experts[i], "reversal"),
                    order.experts[i],
                    order.brand,
                    refund.user,
                    order.decisionId,
                    refund.orderId,
                    order.amountCents,
                    -order.credits[i],
                    refund.eventTime,
                    order.rewardIds[i]));
        }
        return order.rewardIds.length;
    }

    /** Derived from the order and the expert, so a replay after a failure writes the same id. */
    private static String rewardId(String orderId, String expert, String kind) {
        String name = kind.isEmpty() ? orderId + '|' + expert : orderId + '|' + expert + '|' + kind;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
