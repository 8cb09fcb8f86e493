package io.chuanliu.common.ranking;

/**
 * A user's own brands at one time: the brands with a positive decayed weight, each with that weight
 * ({@code confidence}), its orders, last interaction time and decayed engagement, and, where known, its
 * decayed order count. What training groups from its interaction table, and what the stream reads from
 * {@link OwnHistory}.
 */
public final class OwnBrands {

    final String[] brands;
    final double[] confidence;
    final long[] orders;
    final long[] lastTime;
    final double[] engagement;
    /** Decayed count of orders (a refund takes one back); NaN where not known (training's rows). */
    final double[] orderCount;

    int size;

    public OwnBrands(int capacity) {
        brands = new String[capacity];
        confidence = new double[capacity];
        orders = new long[capacity];
        lastTime = new long[capacity];
        engagement = new double[capacity];
        orderCount = new double[capacity];
    }

    public OwnBrands add(String brand, double confidence, long orders, long lastTime, double engagement) {
        return add(brand, confidence, orders, lastTime, engagement, Double.NaN);
    }

    /** @param orderCount the brand's decayed order count ({@link OwnHistory}) */
    public OwnBrands add(
            String brand, double confidence, long orders, long lastTime, double engagement, double orderCount) {
        this.orderCount[size] = orderCount;
        brands[size] = brand;
        this.confidence[size] = confidence;
        this.orders[size] = orders;
        this.lastTime[size] = lastTime;
        this.engagement[size] = engagement;
        size++;
        return this;
    }

    public int size() {
        return size;
    }

    public String brand(int i) {
        return brands[i];
    }

    public double confidence(int i) {
        return confidence[i];
    }
}
