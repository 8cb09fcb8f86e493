package io.chuanliu.training.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.generator.MarketGenerator;
import io.chuanliu.generator.market.MarketConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training job in Spark local mode on a generated market with planted preferences. */
class TrainingJobTest {

    private static final int USERS = 800;

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static TrainingResult result;
    private static Path model;

    @BeforeAll
    static void trainOnAGeneratedMarket() throws Exception {
        new MarketGenerator(MarketConfig.small(11).withUsers(USERS), false).generate(dir.resolve("market"));
        spark = SparkSession.builder().master("local[2]").appName("training-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        result = new TrainingJob(spark, config("v1")).run();
        model = dir.resolve("models/v1");
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static TrainingConfig config(String version) {
        return TrainingConfig.fromArgs("--history", dir.resolve("market/history").toString(),
                "--models", dir.resolve("models").toString(), "--version", version);
    }

    @Test
    void shouldWriteAManifestWhoseChecksumsMatchEveryFile() throws Exception {
        JsonNode manifest = EventJson.mapper().readTree(model.resolve("manifest.json").toFile());

        assertThat(manifest.path("version").asText()).isEqualTo("v1");
        assertThat(manifest.path("parameters").path("rank").asInt()).isEqualTo(16);
        JsonNode checksums = manifest.path("checksums");
        assertThat(checksums.has("brand_factors.jsonl")).isTrue();
        assertThat(checksums.fieldNames()).toIterable().anyMatch(name -> name.startsWith("user_factors/part-"));
        for (var it = checksums.fields(); it.hasNext(); ) {
            var entry = it.next();
            assertThat(sha256(model.resolve(entry.getKey()))).as(entry.getKey()).isEqualTo(entry.getValue().asText());
        }
    }

    @Test
    void shouldCountWhatItTrainedOn() {
        assertThat(result.rowCounts().get("expert_orders")).isPositive();
        assertThat(result.rowCounts().get("engagements")).isPositive();
        assertThat(result.rowCounts().get("brands")).isEqualTo(40L);
        assertThat(result.rowCounts().get("users")).isBetween((long) (USERS * 0.9), (long) USERS);
    }

    @Test
    void shouldWriteOneFactorVectorOfTheConfiguredRankPerBrand() throws Exception {
        List<String> lines = Files.readAllLines(model.resolve("brand_factors.jsonl"));

        assertThat(lines).hasSize(40);
        assertThat(EventJson.mapper().readTree(lines.get(0)).path("factors").size()).isEqualTo(16);
    }

    /**
     * Recovery of the planted preferences: the share of users whose ALS top brand is among their three
     * planted favourites. Random choice among 40 brands scores 3/40 = 0.075; ranking by global
     * popularity scores what {@link #popularityRecovery()} measures. ALS must do at least 1.5x better
     * than popularity: it must have learned who likes what, not only what is popular.
     */
    @Test
    void shouldRecoverThePlantedPreferencesBetterThanPopularity() throws Exception {
        Map<String, Set<String>> planted = plantedTop(3);
        Map<String, float[]> brands = new HashMap<>();
        for (String line : Files.readAllLines(model.resolve("brand_factors.jsonl"))) {
            JsonNode node = EventJson.mapper().readTree(line);
            float[] f = new float[node.path("factors").size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) node.path("factors").get(i).asDouble();
            }
            brands.put(node.path("brand").asText(), f);
        }
        List<Row> users = spark.read().parquet(model.resolve("user_factors").toString()).collectAsList();
        long hits = 0;
        for (Row row : users) {
            List<Float> factors = row.getList(1);
            String top = brands.entrySet().stream()
                    .max(Map.Entry.comparingByValue((a, b) -> Double.compare(dot(factors, a), dot(factors, b))))
                    .orElseThrow().getKey();
            if (planted.getOrDefault(row.getString(0), Set.of()).contains(top)) {
                hits++;
            }
        }
        double alsRecovery = (double) hits / users.size();
        double popularity = popularityRecovery();
        System.out.printf("planted top-3 recovery: ALS %.3f, popularity %.3f, random %.3f%n", alsRecovery, popularity, 3.0 / 40);

        assertThat(alsRecovery).isGreaterThan(1.5 * popularity);
    }

    private static double popularityRecovery() {
        String mostBought = spark.read().parquet(dir.resolve("market/history/expert_orders.parquet").toString())
                .groupBy("brand").count().orderBy(org.apache.spark.sql.functions.desc("count")).first().getString(0);
        Map<String, Set<String>> planted = plantedTop(3);
        return (double) planted.values().stream().filter(s -> s.contains(mostBought)).count() / planted.size();
    }

    private static Map<String, Set<String>> plantedTop(int k) {
        try {
            return Files.readAllLines(dir.resolve("market/truth/planted_preferences.csv")).stream().skip(1)
                    .map(line -> line.split(","))
                    .filter(f -> Integer.parseInt(f[1]) <= k)
                    .collect(Collectors.groupingBy(f -> f[0], Collectors.mapping(f -> f[2], Collectors.toSet())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double dot(List<Float> user, float[] brand) {
        double s = 0;
        for (int i = 0; i < brand.length; i++) {
            s += user.get(i) * brand[i];
        }
        return s;
    }

    @Test
    void shouldRefuseToOverwriteAPublishedVersion() {
        assertThatThrownBy(() -> new TrainingJob(spark, config("v1")).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has a manifest");
    }

    @Test
    void shouldFailFastOnAnIllFormedVersion() {
        assertThatThrownBy(() -> config("../v2"))
                .hasMessageContaining("setting 'version'")
                .hasMessageContaining("names a directory");
    }

    @Test
    void shouldNameMissingInputColumns() throws Exception {
        Path history = Files.createDirectories(dir.resolve("bad-history"));
        spark.read().parquet(dir.resolve("market/history/expert_orders.parquet").toString()).drop("amount_cents")
                .write().parquet(history.resolve("expert_orders.parquet").toString());
        spark.read().parquet(dir.resolve("market/history/engagements.parquet").toString())
                .write().parquet(history.resolve("engagements.parquet").toString());
        TrainingConfig bad = TrainingConfig.fromArgs("--history", history.toString(),
                "--models", dir.resolve("models").toString(), "--version", "bad");

        assertThatThrownBy(() -> new TrainingJob(spark, bad).run()).hasMessageContaining("lacks columns [amount_cents]");
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
