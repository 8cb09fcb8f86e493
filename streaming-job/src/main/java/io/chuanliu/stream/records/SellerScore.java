package io.chuanliu.stream.records;

import io.chuanliu.common.events.ControlEvent;

/**
 * A seller's score for routing, 0..100: for a brand, the lower of its product score (商品分) and
 * shop-experience score (店铺体验分), whichever are given; for an expert ({@link #expert} set), the
 * word-of-mouth score (带货口碑分). A Flink POJO for the broadcast side.
 */
public class SellerScore {

    public String brand;
    /** The scored expert; null for a brand's score. */
    public String expert;

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

    /** The expert's word-of-mouth score, or null if the event scores no expert or carries no such score. */
    public static SellerScore ofExpert(ControlEvent control) {
        if (control.expert() == null || control.wordOfMouthScore() == null) {
            return null;
        }
        SellerScore s = new SellerScore();
        s.expert = control.expert();
        s.score = control.wordOfMouthScore();
        s.eventTime = control.eventTime();
        return s;
    }
}
