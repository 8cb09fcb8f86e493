package io.chuanliu.stream.records;

import io.chuanliu.common.events.ControlEvent;

/**
 * A brand's seller score for routing: the lower of its product score (商品分) and shop-experience
 * score (店铺体验分), whichever are given, 0..100. A Flink POJO for the broadcast side.
 */
public class SellerScore {

    public String brand;
    public double score;
    public long eventTime;

    public SellerScore() {}

    /** The brand's score, or null if the event scores an expert or carries no brand score. */
    public static SellerScore of(ControlEvent control) {
        if (control.brand() == null || (control.productScore() == null && control.shopExperienceScore() == null)) {
            return null;
        }
        SellerScore s = new SellerScore();
        s.brand = control.brand();
        s.score = Math.min(
                control.productScore() == null ? 100 : control.productScore(),
                control.shopExperienceScore() == null ? 100 : control.shopExperienceScore());
        s.eventTime = control.eventTime();
        return s;
    }
}
