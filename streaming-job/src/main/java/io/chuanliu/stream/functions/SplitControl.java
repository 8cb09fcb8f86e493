package io.chuanliu.stream.functions;

import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.stream.records.BrandSignal;
import io.chuanliu.stream.records.SellerScore;
import io.chuanliu.stream.records.UserSignal;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends each control event where it belongs: opt-outs and opt-ins to the per-user stage (main
 * output), brand seller scores to the broadcast side, daily budgets to the brand stage. Expert
 * word-of-mouth scores are validated but not yet used by routing.
 */
public final class SplitControl extends ProcessFunction<ControlEvent, UserSignal> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<SellerScore> SELLER_SCORES = new OutputTag<>("seller-scores") {};
    public static final OutputTag<BrandSignal> BUDGETS = new OutputTag<>("budgets") {};

    @Override
    public void processElement(ControlEvent control, Context ctx, Collector<UserSignal> out) {
        switch (control.kind()) {
            case OPT_OUT, OPT_IN -> out.collect(UserSignal.of(control));
            case BRAND_BUDGET -> ctx.output(BUDGETS, BrandSignal.budget(control));
            case SELLER_SCORES -> {
                SellerScore score = SellerScore.of(control);
                if (score != null) {
                    ctx.output(SELLER_SCORES, score);
                }
                SellerScore expertScore = SellerScore.ofExpert(control);
                if (expertScore != null) {
                    ctx.output(SELLER_SCORES, expertScore);
                }
            }
        }
    }
}
