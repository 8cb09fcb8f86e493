package io.chuanliu.training.model;

import io.chuanliu.common.ranking.BrandSide;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The five-brand catalogue and the one user that the per-user tests work by hand. Brands a..e with ALS
 * factors (d unknown to ALS), buyers 10, 5, 1, 0, 20 (so by popularity e, a, b, c; d has no buyer);
 * co-occurrence b -> c 0.5, b -> a 0.25, d -> c 0.4. The user (factors (1, 0): affinities 0.1, 0.3, 0.2,
 * none, 0.9) bought b twice a day ago (and engaged with it, weight 0.2; confidence 2) and engaged with d
 * three days ago (weight 0.6; confidence 0.5). Co-occurrence scores: c 1.2 (2 x 0.5 + 0.5 x 0.4), a 0.5
 * (2 x 0.25), none for the others.
 */
final class FiveBrandCatalogue {

    static final long DAY = 86_400_000L;
    static final long AS_OF = 100 * DAY;

    static final BrandSide BRANDS = BrandSide.of(
            new String[] {"a", "b", "c", "d", "e"},
            new float[][] {{0.1f, 0}, {0.3f, 0}, {0.2f, 1}, null, {0.9f, 0}},
            new long[] {10, 5, 1, 0, 20},
            new int[][] {{}, {2, 0}, {}, {2}, {}},
            new double[][] {{}, {0.5, 0.25}, {}, {0.4}, {}});

    /** The user's own brands, as training groups them: (brand, confidence, orders, last_time, engagement). */
    static final List<Row> OWN = List.of(
            RowFactory.create("b", 2.0, 2L, AS_OF - DAY, 0.2), RowFactory.create("d", 0.5, 0L, AS_OF - 3 * DAY, 0.6));

    static final float[] FACTORS = {1, 0};

    private FiveBrandCatalogue() {}
}
