package io.chuanliu.generator.market;

/**
 * Buyers in a simulated market and how many of them bought again.
 *
 * @param repeatBuyers buyers with a second order of any brand
 * @param sameBrandRepeatBuyers buyers who bought one brand twice
 */
public record RepurchaseStats(int buyers, int repeatBuyers, int sameBrandRepeatBuyers) {

    static RepurchaseStats of(UserHistory[] histories) {
        int buyers = 0;
        int repeat = 0;
        int twoOrders = 0;
        for (UserHistory h : histories) {
            if (h.orders() > 0) {
                buyers++;
                if (h.orders() > 1) {
                    twoOrders++;
                }
                if (h.repurchased()) {
                    repeat++;
                }
            }
        }
        return new RepurchaseStats(buyers, twoOrders, repeat);
    }

    public double repeatRate() {
        return buyers == 0 ? 0 : (double) repeatBuyers / buyers;
    }

    public double sameBrandRepeatRate() {
        return buyers == 0 ? 0 : (double) sameBrandRepeatBuyers / buyers;
    }
}
