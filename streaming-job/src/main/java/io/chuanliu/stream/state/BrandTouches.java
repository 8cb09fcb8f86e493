package io.chuanliu.stream.state;

import java.util.Arrays;

/**
 * Why a user is routable to one brand: the recent touches of the experts whose distribution reached
 * the user, at most one per expert and at most {@link #MAX_EXPERTS} experts (the weakest is dropped).
 * Kept per touched brand inside the per-user {@link UserState}. A Flink POJO.
 */
public class BrandTouches {

    /** Enough for proportional reward credit; more would only grow state. */
    public static final int MAX_EXPERTS = 4;

    public ExpertTouch[] touches = new ExpertTouch[0];

    public BrandTouches() {}

    /**
     * Records a touch, keeping for its expert whichever of the old and new touch is stronger at the
     * new touch's time, and dropping the weakest expert beyond the bound.
     */
    public void add(ExpertTouch touch, long windowMillis) {
        long now = touch.eventTime;
        for (int i = 0; i < touches.length; i++) {
            ExpertTouch current = touches[i];
            if (current.expert.equals(touch.expert)) {
                if (touch.decayedAt(now, windowMillis) >= current.decayedAt(now, windowMillis)) {
                    touches[i] = touch;
                }
                return;
            }
        }
        if (touches.length < MAX_EXPERTS) {
            touches = Arrays.copyOf(touches, touches.length + 1);
            touches[touches.length - 1] = touch;
            return;
        }
        int weakest = 0;
        for (int i = 1; i < touches.length; i++) {
            if (touches[i].decayedAt(now, windowMillis) < touches[weakest].decayedAt(now, windowMillis)) {
                weakest = i;
            }
        }
        if (touch.decayedAt(now, windowMillis) > touches[weakest].decayedAt(now, windowMillis)) {
            touches[weakest] = touch;
        }
    }

    /** Forgets the touch made by a refunded order; returns whether any touch is left. */
    public boolean removeOrder(String orderId) {
        int kept = 0;
        ExpertTouch[] left = new ExpertTouch[touches.length];
        for (ExpertTouch t : touches) {
            if (!orderId.equals(t.orderId)) {
                left[kept++] = t;
            }
        }
        touches = kept == touches.length ? touches : Arrays.copyOf(left, kept);
        return touches.length > 0;
    }

    /** Drops the touches older than the window at {@code time}. */
    public void retainWithin(long time, long windowMillis) {
        int kept = 0;
        ExpertTouch[] left = null;
        for (int i = 0; i < touches.length; i++) {
            ExpertTouch t = touches[i];
            if (time - t.eventTime <= windowMillis) {
                if (left != null) {
                    left[kept] = t;
                }
                kept++;
            } else if (left == null) {
                left = Arrays.copyOf(touches, touches.length);
                kept = i;
            }
        }
        if (left != null) {
            touches = Arrays.copyOf(left, kept);
        }
    }

    /** The touches made at or before {@code time} and within the window of it. */
    public ExpertTouch[] validAt(long time, long windowMillis) {
        int valid = 0;
        for (ExpertTouch t : touches) {
            valid += isValidAt(t, time, windowMillis) ? 1 : 0;
        }
        if (valid == touches.length) {
            return touches.clone();
        }
        ExpertTouch[] result = new ExpertTouch[valid];
        int n = 0;
        for (ExpertTouch t : touches) {
            if (isValidAt(t, time, windowMillis)) {
                result[n++] = t;
            }
        }
        return result;
    }

    private static boolean isValidAt(ExpertTouch t, long time, long windowMillis) {
        return t.eventTime <= time && time - t.eventTime <= windowMillis;
    }

    /** The strongest decayed strength at {@code time}, 0 if no touch is valid. */
    public double strengthAt(long time, long windowMillis) {
        double best = 0;
        for (ExpertTouch t : touches) {
            if (!isValidAt(t, time, windowMillis)) {
                continue;
            }
            best = Math.max(best, t.decayedAt(time, windowMillis));
        }
        return best;
    }
}
