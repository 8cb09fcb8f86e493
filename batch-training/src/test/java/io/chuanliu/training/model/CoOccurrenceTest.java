package io.chuanliu.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.training.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CoOccurrenceTest {

    private final SparkSession spark = SparkTestSession.get();

    @Test
    void shouldFindEachBrandsNearestNeighboursAsTheCosineOfTheirStrongestBuyersSets() {
        Random random = new Random(7);
        List<Row> rows = new ArrayList<>();
        for (int u = 0; u < 300; u++) {
            // Some users hold more than BRANDS_PER_USER brands, and confidences repeat so ties are broken by name.
            int brands = 1 + random.nextInt(u % 10 == 0 ? 40 : 8);
            for (int b : random.ints(0, 60).distinct().limit(brands).toArray()) {
                rows.add(RowFactory.create("u" + u, String.format("b%02d", b), (double) random.nextInt(4)));
            }
        }
        StructType schema = new StructType()
                .add("user", DataTypes.StringType)
                .add("brand", DataTypes.StringType)
                .add("confidence", DataTypes.DoubleType);
        Dataset<Row> userBrand = spark.createDataFrame(rows, schema).repartition(3);
        String[] names = rows.stream()
                .map(r -> r.getString(1))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new))
                .toArray(String[]::new);

        List<CoOccurrence.Neighbour> found = CoOccurrence.nearestNeighbours(userBrand, names, 5);

        assertThat(found).containsExactlyInAnyOrderElementsOf(bruteForce(rows, 5));
        assertThat(found).isNotEmpty().allSatisfy(n -> assertThat(n.a()).isNotEqualTo(n.b()));
        assertThat(CoOccurrence.nearestNeighbours(userBrand, names, 5, 500))
                .as("counted in many small flushes per task")
                .containsExactlyInAnyOrderElementsOf(found);
    }

    /** The definition, spelled out: each user's 20 strongest brands, cosine of buyer sets, 5 best per brand. */
    private static List<CoOccurrence.Neighbour> bruteForce(List<Row> rows, int neighbours) {
        Map<String, List<Row>> byUser = new HashMap<>();
        rows.forEach(r ->
                byUser.computeIfAbsent(r.getString(0), u -> new ArrayList<>()).add(r));
        Map<String, Long> size = new HashMap<>();
        Map<List<String>, Long> co = new HashMap<>();
        for (List<Row> own : byUser.values()) {
            List<String> strongest = own.stream()
                    .sorted(Comparator.<Row>comparingDouble(r -> -r.getDouble(2))
                            .thenComparing(r -> r.getString(1)))
                    .limit(CoOccurrence.BRANDS_PER_USER)
                    .map(r -> r.getString(1))
                    .toList();
            for (String a : strongest) {
                size.merge(a, 1L, Long::sum);
                for (String b : strongest) {
                    if (!a.equals(b)) {
                        co.merge(List.of(a, b), 1L, Long::sum);
                    }
                }
            }
        }
        Map<String, List<CoOccurrence.Neighbour>> byFirst = new HashMap<>();
        co.forEach((pair, count) -> byFirst.computeIfAbsent(pair.get(0), a -> new ArrayList<>())
                .add(new CoOccurrence.Neighbour(
                        pair.get(0),
                        pair.get(1),
                        count / Math.sqrt((double) size.get(pair.get(0)) * size.get(pair.get(1))))));
        List<CoOccurrence.Neighbour> out = new ArrayList<>();
        byFirst.values()
                .forEach(list -> list.stream()
                        .sorted(Comparator.comparingDouble(CoOccurrence.Neighbour::sim)
                                .reversed()
                                .thenComparing(CoOccurrence.Neighbour::b))
                        .limit(neighbours)
                        .forEach(out::add));
        return out;
    }
}
