package io.chuanliu.common.ranking;

/**
 * A user's own brands at one time: the brands with a positive decayed weight, each with that weight
 * ({@code confidence}), its orders, last interaction time and decayed engagement. What training
 * groups from its interaction table, and what the stream reads from {@link OwnHistory}.
 */
public final class OwnBrands {

    final String[] brands;
    final double[] confidence;
    final long[] orders;
    final long[] lastTime;
    final double[] engagement;
    int size;

    public OwnBrands(int capacity) {
        brands = new String[capacity];
        confidence = new double[capacity];
        orders = new long[capacity];
        lastTime = new long[capacity];
        engagement = new double[capacity];
    }

    public OwnBrands add(String brand, double confidence, long orders, long lastTime, double engagement) {
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
