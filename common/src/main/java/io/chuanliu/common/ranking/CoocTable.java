package io.chuanliu.common.ranking;

/**
 * A user's co-occurrence sum and maximum per brand index, in an open-addressing table of primitives:
 * the routing function builds one on every routed activity, so no boxing and no resizing (its
 * capacity is fixed by the number of neighbour entries it can receive).
 */
final class CoocTable {

    /** Slots hold brand + 1, so a new table is empty without filling it. */
    private static final int EMPTY = 0;

    private final int[] slots;
    private final double[] sum;
    private final double[] max;
    private final int[] brands;
    private final int mask;
    private int size;

    /** @param entries the most {@link #add} calls it will receive */
    CoocTable(int entries) {
        int capacity = Integer.highestOneBit(Math.max(8, entries) * 2 - 1) << 1;
        slots = new int[capacity];
        sum = new double[capacity];
        max = new double[capacity];
        brands = new int[Math.max(entries, 1)];
        mask = capacity - 1;
    }

    void add(int brand, double weighted, double similarity) {
        int slot = find(brand);
        if (slots[slot] == EMPTY) {
            slots[slot] = brand + 1;
            sum[slot] = weighted;
            max[slot] = similarity;
            brands[size++] = brand;
        } else {
            sum[slot] += weighted;
            max[slot] = Math.max(max[slot], similarity);
        }
    }

    /** The summed weighted similarity of {@code brand}, 0 when no own brand has it as a neighbour. */
    double sum(int brand) {
        int slot = find(brand);
        return slots[slot] == EMPTY ? 0.0 : sum[slot];
    }

    /** The highest similarity of {@code brand} to any own brand, 0 when none. */
    double max(int brand) {
        int slot = find(brand);
        return slots[slot] == EMPTY ? 0.0 : max[slot];
    }

    int size() {
        return size;
    }

    /** The i-th brand added, 0 <= i < {@link #size()}. */
    int brand(int i) {
        return brands[i];
    }

    private int find(int brand) {
        int slot = mix(brand) & mask;
        while (slots[slot] != EMPTY && slots[slot] != brand + 1) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
