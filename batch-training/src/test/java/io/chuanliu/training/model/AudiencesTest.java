package io.chuanliu.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.training.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class AudiencesTest {

    private static final int BRANDS_PER_USER = 3;

    private final SparkSession spark = SparkTestSession.get();

    @Test
    void shouldGiveEachBrandItsExpertBuyersAndItsStrongestNonBuyersUpToItsQuota() {
        Random random = new Random(11);
        List<Row> confidence = new ArrayList<>();
        for (int u = 0; u < 400; u++) {
            for (int b :
                    random.ints(0, 30).distinct().limit(1 + random.nextInt(6)).toArray()) {
                confidence.add(RowFactory.create("u" + u, String.format("b%02d", b), 1.0 + random.nextInt(3)));
            }
        }
        List<Row> sales = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Repeats, and buyers the model does not know (no ratings): they join with a score of 0.
            String user = i % 50 == 0 ? "stranger" + i : "u" + random.nextInt(400);
            sales.add(RowFactory.create(String.format("b%02d", random.nextInt(12)), user));
        }
        AffinityModel model = new AffinityTrainer(5, 0.1, 3L)
                .fit(
                        spark.createDataFrame(
                                confidence,
                                new StructType()
                                        .add("user", DataTypes.StringType)
                                        .add("brand", DataTypes.StringType)
                                        .add("confidence", DataTypes.DoubleType)),
                        4,
                        10);
        Dataset<Row> userFactors = model.userFactors().cache();
        Dataset<Row> buyers = spark.createDataFrame(
                        sales,
                        new StructType().add("brand", DataTypes.StringType).add("user", DataTypes.StringType))
                .repartition(3);
        AffinityModel.StrongestBrands strongest = model.strongestBrands(BRANDS_PER_USER);

        for (int maxSize : new int[] {1_000, 12}) {
            List<String> built = Audiences.build(buyers, userFactors, strongest, 1.5, maxSize).collectAsList().stream()
                    .map(AudiencesTest::line)
                    .sorted()
                    .toList();

            assertThat(built)
                    .as("max size %d", maxSize)
                    .isEqualTo(byDefinition(sales, userFactors.collectAsList(), strongest, 1.5, maxSize));
        }
        assertThat(Audiences.build(buyers, userFactors, strongest, 1.5, 1_000)
                        .where("source = 'lookalike'")
                        .count())
                .as("look-alikes are found")
                .isPositive();
        userFactors.unpersist();
        model.close();
    }

    /**
     * The definition, spelled out: a brand's expert buyers (score: the brand's among the buyer's strongest, else
     * 0), then the users who have the brand among their strongest and did not buy it through an expert, best score
     * first and ties by user, at most ceil(buyers * per buyer) of them and at most max size in all.
     */
    private static List<String> byDefinition(
            List<Row> sales, List<Row> factors, AffinityModel.StrongestBrands strongest, double perBuyer, int max) {
        Map<String, Map<String, Double>> strongestOf = new HashMap<>();
        for (Row row : factors) {
            Map<String, Double> mine = new HashMap<>();
            for (double[] s : strongest.of(AffinityModel.factors(row.getList(1)))) {
                mine.put(strongest.brand(s[1]), s[0]);
            }
            strongestOf.put(row.getString(0), mine);
        }
        Map<String, Set<String>> buyersOf = new TreeMap<>();
        sales.forEach(r ->
                buyersOf.computeIfAbsent(r.getString(0), b -> new TreeSet<>()).add(r.getString(1)));
        List<String> lines = new ArrayList<>();
        buyersOf.forEach((brand, buyers) -> {
            buyers.forEach(user -> lines.add(line(
                    brand,
                    user,
                    "buyer",
                    strongestOf.getOrDefault(user, Map.of()).getOrDefault(brand, 0.0))));
            long quota = Math.min((long) Math.ceil(buyers.size() * perBuyer), max - buyers.size());
            strongestOf.entrySet().stream()
                    .filter(e -> e.getValue().containsKey(brand) && !buyers.contains(e.getKey()))
                    .sorted(Comparator.comparing((Map.Entry<String, Map<String, Double>> e) ->
                                    -e.getValue().get(brand))
                            .thenComparing(Map.Entry::getKey))
                    .limit(Math.max(0, quota))
                    .forEach(e -> lines.add(
                            line(brand, e.getKey(), "lookalike", e.getValue().get(brand))));
        });
        return lines.stream().sorted().toList();
    }

    private static String line(Row row) {
        return line(row.getString(0), row.getString(1), row.getString(2), row.getDouble(3));
    }

    private static String line(String brand, String user, String source, double score) {
        return brand + "," + user + "," + source + "," + score;
    }
}
