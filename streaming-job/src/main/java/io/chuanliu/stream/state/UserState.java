package io.chuanliu.stream.state;

import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Everything the per-user stage keeps about one user that expires with the eligibility window:
 * the expert touches per brand and the day's routes. One value per user, so an activity costs one
 * RocksDB read (and one write only when it routes), not an iterator over a map state; a user has a
 * few touched brands at a time. Serialised by {@link UserStateSerializer}.
 */
@TypeInfo(UserStateSerializer.Factory.class)
public class UserState {

    /** Brands with touches; {@code touches[i]} belongs to {@code brands[i]}. */
    public String[] brands = new String[0];

    public BrandTouches[] touches = new BrandTouches[0];
    public RouteHistory routes;

    public UserState() {}

    public BrandTouches touchesOf(String brand) {
        for (int i = 0; i < brands.length; i++) {
            if (brands[i].equals(brand)) {
                return touches[i];
            }
        }
        return null;
    }

    public void put(String brand, BrandTouches brandTouches) {
        for (int i = 0; i < brands.length; i++) {
            if (brands[i].equals(brand)) {
                touches[i] = brandTouches;
                return;
            }
        }
        brands = Arrays.copyOf(brands, brands.length + 1);
        touches = Arrays.copyOf(touches, touches.length + 1);
        brands[brands.length - 1] = brand;
        touches[touches.length - 1] = brandTouches;
    }

    public void remove(String brand) {
        for (int i = 0; i < brands.length; i++) {
            if (brands[i].equals(brand)) {
                String[] b = new String[brands.length - 1];
                BrandTouches[] t = new BrandTouches[touches.length - 1];
                System.arraycopy(brands, 0, b, 0, i);
                System.arraycopy(brands, i + 1, b, i, brands.length - i - 1);
                System.arraycopy(touches, 0, t, 0, i);
                System.arraycopy(touches, i + 1, t, i, touches.length - i - 1);
                brands = b;
                touches = t;
                return;
            }
        }
    }

    /** Drops the touches older than the window at {@code time}, and the brands left without any. */
    public void prune(long time, long windowMillis) {
        for (int i = brands.length - 1; i >= 0; i--) {
            BrandTouches t = touches[i];
            t.retainWithin(time, windowMillis);
            if (t.touches.length == 0) {
                remove(brands[i]);
            }
        }
    }

    /** Nothing left to keep: no touched brand and no route on record. */
    public boolean isEmpty() {
        return brands.length == 0 && routes == null;
    }

    /** The strength of each brand's valid touches at {@code time}, in the order of {@link #brands} (0 where none is valid). */
    public double[] strengthsAt(long time, long windowMillis) {
        double[] strengths = new double[brands.length];
        for (int i = 0; i < brands.length; i++) {
            strengths[i] = touches[i].strengthAt(time, windowMillis);
        }
        return strengths;
    }

    /** Adds an expert touch to its brand, then drops what the window at the touch's time no longer holds. */
    public void addTouch(String brand, ExpertTouch touch, long windowMillis) {
        BrandTouches brandTouches = touchesOf(brand);
        if (brandTouches == null) {
            brandTouches = new BrandTouches();
        }
        brandTouches.add(touch, windowMillis);
        put(brand, brandTouches);
        prune(touch.eventTime, windowMillis);
    }

    /** Forgets a refunded order's touch (and the brand, if it was its last); false if the user has no touch of the brand. */
    public boolean removeOrder(String brand, String orderId) {
        BrandTouches current = touchesOf(brand);
        if (current == null) {
            return false;
        }
        if (current.removeOrder(orderId)) {
            put(brand, current);
        } else {
            remove(brand);
        }
        return true;
    }
}
