package io.chuanliu.generator.market;

/** What the simulator remembers of one user: the last brands bought (for repurchases) and counts. */
final class UserHistory {

    private static final int REMEMBERED = 8;

    private final int[] recentBrands = new int[REMEMBERED];
    private int size;
    private int orders;
    private boolean repeated;

    void bought(int brand) {
        for (int i = 0; i < size; i++) {
            if (recentBrands[i] == brand) {
                repeated = true;
            }
        }
        if (size < REMEMBERED) {
            recentBrands[size++] = brand;
        } else {
            System.arraycopy(recentBrands, 1, recentBrands, 0, REMEMBERED - 1);
            recentBrands[REMEMBERED - 1] = brand;
        }
        orders++;
    }

    boolean hasBought() {
        return size > 0;
    }

    int recentBrand(int index) {
        return recentBrands[index];
    }

    int rememberedBrands() {
        return size;
    }

    int orders() {
        return orders;
    }

    /** Whether the user bought the same brand twice. */
    boolean repurchased() {
        return repeated;
    }
}
