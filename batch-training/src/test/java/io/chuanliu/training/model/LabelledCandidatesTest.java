package io.chuanliu.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.ranking.BrandSide;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** A window's labelled candidates on {@link UserCandidatesTest}'s five-brand catalogue. */
class LabelledCandidatesTest {

    private static final long DAY = 86_400_000L;
    private static final long AS_OF = 100 * DAY;

    private static final BrandSide BRANDS = BrandSide.of(
            new String[] {"a", "b", "c", "d", "e"},
            new float[][] {{0.1f, 0}, {0.3f, 0}, {0.2f, 1}, null, {0.9f, 0}},
            new long[] {10, 5, 1, 0, 20},
            new int[][] {{}, {2, 0}, {}, {2}, {}},
            new double[][] {{}, {0.5, 0.25}, {}, {0.4}, {}});

    private static final List<Row> OWN = List.of(
            RowFactory.create("b", 2.0, 2L, AS_OF - DAY, 0.2), RowFactory.create("d", 0.5, 0L, AS_OF - 3 * DAY, 0.6));

    private static final float[] FACTORS = {1, 0};

    @Test
    void shouldLabelTheCandidatesTheUserBoughtInTheWindowAndCarryEveryFeature() {
        List<Row> rows = LabelledCandidates.labelled(
                BRANDS, 1, false, AS_OF, "u", OWN, FACTORS, List.of("b", "d"), List.of("c", "b", "zz"));

        Map<String, Row> byBrand = byBrand(rows);
        assertThat(byBrand.keySet()).containsExactly("b", "c", "d", "e");
        assertThat(label(byBrand.get("b"))).isEqualTo(1.0);
        assertThat(label(byBrand.get("c"))).isEqualTo(1.0);
        assertThat(byBrand.get("d").isNullAt(LabelledCandidates.SCHEMA.size() - 1))
                .as("a brand not bought has no label")
                .isTrue();
        List<Row> unlabelled = UserCandidates.candidates(BRANDS, 1, false, AS_OF, "u", OWN, FACTORS);
        for (Row candidate : unlabelled) {
            Row labelled = byBrand.get(candidate.getString(1));
            for (int i = 0; i < candidate.size(); i++) {
                assertThat(labelled.get(i))
                        .as(candidate.getString(1) + " column " + i)
                        .isEqualTo(candidate.get(i));
            }
        }
    }

    @Test
    void shouldLeaveOutEverySeenBrandWhenSeenBrandsDoNotCount() {
        // a was touched without weight (not an own brand): seen, so out; b and d are own brands, out of every source.
        List<Row> rows = LabelledCandidates.labelled(
                BRANDS, 2, true, AS_OF, "u", OWN, FACTORS, List.of("a", "b", "d"), List.of("c"));

        assertThat(byBrand(rows).keySet()).containsExactly("c", "e");
        assertThat(label(byBrand(rows).get("c"))).isEqualTo(1.0);
    }

    private static double label(Row row) {
        return row.getDouble(LabelledCandidates.SCHEMA.fieldIndex("bought"));
    }

    private static Map<String, Row> byBrand(List<Row> rows) {
        Map<String, Row> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put(r.getString(1), r));
        return out;
    }
}
