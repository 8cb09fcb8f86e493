package io.chuanliu.stream.state;

import io.chuanliu.common.ranking.OwnHistory;
import io.chuanliu.stream.types.OwnHistorySerializer;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Everything the per-user stage keeps about one user: the expert touches per brand (each valid for the
 * eligibility window), the day's routes, the ranker's own-history features and a copy of the opt-out.
 * One value per user, so an activity costs one RocksDB read (and one write only when it routes), and an
 * order or engagement one read and one write; a user has a few touched brands at a time. Serialised by
 * {@link UserStateSerializer}.
 */
@TypeInfo(UserStateSerializer.Factory.class)
public class UserState {

    /** Brands with touches; {@code touches[i]} belongs to {@code brands[i]}. */
    public String[] brands = new String[0];

    public BrandTouches[] touches = new BrandTouches[0];
    public RouteHistory routes;
    /** Every order and engagement of the user, decayed (what the ranker's features read), or null while undecoded. */
    private OwnHistory own;
    /**
     * The own history as read, in {@link OwnHistorySerializer}'s format, until {@link #own()} decodes it: most reads
     * (an activity of a user with no eligible brand) never need it, and an undecoded one is written back as read.
     */
    private byte[] ownBytes;
    /** A copy of the opt-out, which is also kept on its own without expiry (this value expires). */
    public boolean optedOut;
    /**
     * Read from a format before 3, which kept the own history and the opt-out in values of their own: they are
     * still to be folded in. Not serialised.
     */
    public boolean needsFold;

    public UserState() {}

    /** The user's own history, decoded on first use; never null. */
    public OwnHistory own() {
        if (own == null) {
            own = ownBytes == null ? new OwnHistory() : OwnHistorySerializer.fromBytes(ownBytes);
            ownBytes = null;
        }
        return own;
    }

    public void setOwn(OwnHistory history) {
        own = history;
        ownBytes = null;
    }

    /** The own history in {@link OwnHistorySerializer}'s format: as read if undecoded, else encoded now. */
    public byte[] ownBytes() {
        return ownBytes != null ? ownBytes : OwnHistorySerializer.toBytes(own());
    }

    /** Holds an encoded own history, decoded only if {@link #own()} is called. */
    public void setOwnBytes(byte[] bytes) {
        own = null;
        ownBytes = bytes;
    }

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
