package io.chuanliu.training.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.common.model.KeyGroups;
import io.chuanliu.common.model.UserRecord;
import io.chuanliu.common.model.UserStoreLayout;
import io.chuanliu.training.publish.ModelPublisher;
import io.chuanliu.training.publish.UserStoreWriter;
import io.chuanliu.training.testing.SparkTestSession;
import io.chuanliu.training.testing.TrainingTestData;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * The whole daily run on a generated market of 6,000 users (Spark local[2]): evaluation on the
 * generator's hold-out, the gate, the model directory and its user store.
 */
class TrainingJobTest {

    private static final int USERS = 6_000;

    private static Path market;
    private static Path models;
    private static Path model;
    private static Path export;
    private static TrainingResult result;

    @BeforeAll
    static void trainOnAGeneratedMarket() throws Exception {
        market = TrainingTestData.market(USERS);
        models = TrainingTestData.newDirectory("models");
        export = TrainingTestData.newDirectory("export");
        result = new TrainingJob(
                        SparkTestSession.get(),
                        TrainingConfig.fromArgs(
                                "--history",
                                market.resolve("history").toString(),
                                "--models",
                                models.toString(),
                                "--version",
                                "v1",
                                "--als.alphas",
                                "20",
                                "--eval.export",
                                export.toString()))
                .run();
        model = models.resolve("v1");
    }

    private static TrainingConfig config(String version) {
        return TrainingConfig.fromArgs(
                "--history",
                market.resolve("history").toString(),
                "--models",
                models.toString(),
                "--version",
                version,
                "--als.alphas",
                "20");
    }

    @Test
    void shouldBeatTheUsersOwnHistoryOnTheHoldOutAndPassTheGate() {
        var methods = result.evaluation().methods();

        assertThat(methods.keySet()).containsExactly("model", "als", "cooc", "own_history", "popularity");
        assertThat(methods.get("model").ndcg())
                .isGreaterThan(methods.get("own_history").ndcg());
        assertThat(methods.get("model").ndcg())
                .as("the ranker beats each of its inputs alone")
                .isGreaterThan(methods.get("als").ndcg())
                .isGreaterThan(methods.get("cooc").ndcg());
        assertThat(result.evaluation().lifts().get("own_history").low())
                .as("lower bound of the lift's 95% interval")
                .isPositive();
        assertThat(methods.get("own_history").ndcg())
                .isGreaterThan(methods.get("als").ndcg());
        assertThat(methods.get("als").ndcg())
                .isGreaterThan(methods.get("popularity").ndcg());
        assertThat(result.verdict().passed()).isTrue();
        assertThat(model.resolve("manifest.json")).exists();
    }

    @Test
    void shouldWriteEvaluationJsonOfTheDocumentedShape() throws Exception {
        JsonNode evaluation =
                EventJson.mapper().readTree(model.resolve("evaluation.json").toFile());

        assertThat(evaluation.path("k").asInt()).isEqualTo(10);
        for (String method : List.of("model", "als", "cooc", "own_history", "popularity")) {
            JsonNode m = evaluation.path("methods").path(method);
            assertThat(m.fieldNames())
                    .toIterable()
                    .containsExactlyInAnyOrder("precision", "recall", "ndcg", "map", "coverage");
        }
        assertThat(Files.readAllLines(model.resolve("evaluation.csv")).get(0))
                .isEqualTo("method,k,precision,recall,ndcg,map,coverage,users");
    }

    /** Anyone can recompute the model's metrics from test_top_k.csv and the raw history: this test does, in plain Java. */
    @Test
    void shouldWriteATopKFromWhichTheReportedMetricsRecompute() throws Exception {
        long cut = Instant.parse(EventJson.mapper()
                        .readTree(model.resolve("evaluation.json").toFile())
                        .path("split_time")
                        .asText())
                .toEpochMilli();
        long horizon = 7 * 86_400_000L;
        Set<String> warm = new HashSet<>();
        Map<String, Set<String>> truth = new HashMap<>();
        for (String table : List.of("expert_orders.jsonl", "engagements.jsonl")) {
            for (String line : Files.readAllLines(market.resolve("history").resolve(table))) {
                JsonNode e = EventJson.mapper().readTree(line);
                long time = e.path("event_time").asLong();
                if (time <= cut) {
                    warm.add(e.path("user").asText());
                } else if (time <= cut + horizon
                        && table.startsWith("expert_orders")
                        && !e.path("refund").asBoolean()) {
                    truth.computeIfAbsent(e.path("user").asText(), u -> new HashSet<>())
                            .add(e.path("brand").asText());
                }
            }
        }
        truth.keySet().retainAll(warm);
        Map<String, List<String>> ranked = new HashMap<>();
        List<String> lines = Files.readAllLines(model.resolve("test_top_k.csv"));
        assertThat(lines.get(0)).isEqualTo("user,rank,brand,score");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            ranked.computeIfAbsent(f[0], u -> new ArrayList<>()).add(Integer.parseInt(f[1]) - 1, f[2]);
        }
        double precision = 0;
        double ndcg = 0;
        for (var user : truth.entrySet()) {
            List<String> top = ranked.getOrDefault(user.getKey(), List.of());
            double dcg = 0;
            double idcg = 0;
            int hits = 0;
            for (int i = 0; i < top.size(); i++) {
                if (user.getValue().contains(top.get(i))) {
                    hits++;
                    dcg += 1 / (Math.log(i + 2) / Math.log(2));
                }
            }
            for (int i = 0; i < Math.min(10, user.getValue().size()); i++) {
                idcg += 1 / (Math.log(i + 2) / Math.log(2));
            }
            precision += hits / 10.0;
            ndcg += dcg / idcg;
        }
        var reported = result.evaluation().methods().get("model");
        assertThat(truth).hasSize((int) reported.users());
        assertThat(precision / truth.size()).isCloseTo(reported.precision(), within(1e-9));
        assertThat(ndcg / truth.size()).isCloseTo(reported.ndcg(), within(1e-9));
    }

    /** The exported test candidates are exactly what the model ranked: scoring them with the published ranker gives its top k. */
    @Test
    void shouldExportTheTestCandidatesFromWhichThePublishedRankerRecomputesTheTopK() throws Exception {
        io.chuanliu.common.ranking.LinearRanker ranker = result.evaluation().ranker();
        Map<String, List<String[]>> byUser = new HashMap<>();
        List<String> header = null;
        try (var parts = Files.list(export.resolve("test"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .toList()) {
                List<String> lines = Files.readAllLines(part);
                if (lines.isEmpty()) {
                    continue;
                }
                header = List.of(lines.get(0).split(","));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.split(",");
                    byUser.computeIfAbsent(f[0], u -> new ArrayList<>()).add(f);
                }
            }
        }
        assertThat(header).startsWith("user", "brand").contains("bought").containsAll(ranker.features());
        int[] columns = ranker.features().stream().mapToInt(header::indexOf).toArray();
        int own = header.indexOf("own_confidence");
        int als = header.indexOf("als_score");
        Map<String, List<String>> recomputed = new HashMap<>();
        for (var user : byUser.entrySet()) {
            record Scored(String brand, double score, double own, double als) {}
            List<Scored> scored = new ArrayList<>();
            for (String[] f : user.getValue()) {
                double[] x = new double[columns.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = Double.parseDouble(f[columns[i]]);
                }
                scored.add(new Scored(
                        f[1], ranker.probability(x), Double.parseDouble(f[own]), Double.parseDouble(f[als])));
            }
            scored.sort(java.util.Comparator.comparingDouble(Scored::score)
                    .reversed()
                    .thenComparing(
                            java.util.Comparator.comparingDouble(Scored::own).reversed())
                    .thenComparing(
                            java.util.Comparator.comparingDouble(Scored::als).reversed())
                    .thenComparing(Scored::brand));
            recomputed.put(
                    user.getKey(), scored.stream().limit(10).map(Scored::brand).toList());
        }
        Map<String, List<String>> published = new HashMap<>();
        List<String> topK = Files.readAllLines(model.resolve("test_top_k.csv"));
        for (String line : topK.subList(1, topK.size())) {
            String[] f = line.split(",");
            published.computeIfAbsent(f[0], u -> new ArrayList<>()).add(f[2]);
        }
        assertThat(recomputed).isEqualTo(published);
        assertThat(Files.list(export.resolve("training"))
                        .anyMatch(p -> p.toString().endsWith(".csv")))
                .isTrue();
        assertThat(Files.list(export.resolve("test_purchases"))
                        .anyMatch(p -> p.toString().endsWith(".csv")))
                .isTrue();
    }

    @Test
    void shouldWriteAManifestWhoseChecksumsMatchEveryFile() throws Exception {
        JsonNode manifest =
                EventJson.mapper().readTree(model.resolve("manifest.json").toFile());

        assertThat(manifest.path("version").asText()).isEqualTo("v1");
        assertThat(manifest.path("gate").path("passed").asBoolean()).isTrue();
        JsonNode checksums = manifest.path("checksums");
        assertThat(checksums.fieldNames())
                .toIterable()
                .contains(
                        "brand_factors.jsonl",
                        "audience_sizes.csv",
                        "expert_matches.csv",
                        "evaluation.json",
                        "user_store/layout.json")
                .anyMatch(name -> name.startsWith("user_store/shard-"));
        for (var it = checksums.fields(); it.hasNext(); ) {
            var entry = it.next();
            assertThat(sha256(model.resolve(entry.getKey())))
                    .as(entry.getKey())
                    .isEqualTo(entry.getValue().asText());
        }
    }

    @Test
    void shouldShardTheUserStoreByTheStreamingJobsKeyGroups() throws Exception {
        UserStoreLayout layout = EventJson.mapper()
                .readValue(model.resolve("user_store/layout.json").toFile(), UserStoreLayout.class);
        RocksDB.loadLibrary();
        long users = 0;
        for (UserStoreLayout.Shard shard : layout.shards()) {
            try (Options options = new Options();
                    RocksDB db = RocksDB.openReadOnly(
                            options, model.resolve(shard.path()).toString());
                    RocksIterator it = db.newIterator()) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    int keyGroup = KeyGroups.of(new String(it.key(), StandardCharsets.UTF_8), layout.maxParallelism());
                    assertThat(keyGroup).isBetween(shard.firstKeyGroup(), shard.lastKeyGroup());
                    assertThat(UserRecord.fromBytes(it.value()).factors()).hasSize(layout.rank());
                    users++;
                }
            }
        }
        assertThat(layout.maxParallelism()).isEqualTo(1024);
        assertThat(layout.tableFormatVersion()).isEqualTo(UserStoreWriter.TABLE_FORMAT_VERSION);
        assertThat(users).isEqualTo(result.rowCounts().get("users"));
    }

    @Test
    void shouldSizeAudiencesAsBuyersPlusTwoLookalikesEach() throws Exception {
        List<String> rows = Files.readAllLines(model.resolve("audience_sizes.csv"));
        Set<String> brandsWithExpertBuyers = new HashSet<>();
        for (String line : Files.readAllLines(market.resolve("history/expert_orders.jsonl"))) {
            JsonNode order = EventJson.mapper().readTree(line);
            if (order.hasNonNull("expert") && !order.path("refund").asBoolean()) {
                brandsWithExpertBuyers.add(order.path("brand").asText());
            }
        }

        assertThat(rows.get(0)).isEqualTo("brand,buyers,lookalikes");
        assertThat(rows.subList(1, rows.size()))
                .extracting(row -> row.split(",")[0])
                .containsExactlyInAnyOrderElementsOf(brandsWithExpertBuyers);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            long buyers = Long.parseLong(f[1]);
            assertThat(buyers).isPositive();
            assertThat(Long.parseLong(f[2])).isBetween(1L, 2 * buyers);
        }
    }

    @Test
    void shouldMatchEachBrandWithItsTopExperts() throws Exception {
        List<String> rows = Files.readAllLines(model.resolve("expert_matches.csv"));
        Map<String, Integer> perBrand = new HashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            if (Integer.parseInt(f[4]) <= 10) {
                perBrand.merge(f[0], 1, Integer::sum);
            }
            assertThat(Double.parseDouble(f[2])).isBetween(-1.0, 1.0 + 1e-9);
        }
        assertThat(rows.get(0)).isEqualTo("brand,expert,score,shared_buyers,rank_for_brand,rank_for_expert");
        assertThat(perBrand).hasSize(40).allSatisfy((brand, n) -> assertThat(n).isEqualTo(10));
    }

    @Test
    void shouldVerifyThePublishedModelAndRefuseATamperedCopy() throws Exception {
        ModelPublisher publisher = new ModelPublisher(new org.apache.hadoop.conf.Configuration());
        var ref = publisher.verify(model.toString());
        assertThat(ref.version()).isEqualTo("v1");
        assertThat(ref.checksums()).containsKey("brand_factors.jsonl");

        Path copy = TrainingTestData.newDirectory("tampered");
        try (var files = Files.walk(model)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(model.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(copy.resolve("brand_factors.jsonl"), "{}\n", java.nio.file.StandardOpenOption.APPEND);
        Files.deleteIfExists(copy.resolve(".brand_factors.jsonl.crc"));
        assertThatThrownBy(() -> publisher.verify(copy.toString()))
                .hasMessageContaining("brand_factors.jsonl has changed");
    }

    @Test
    void shouldRefuseToOverwriteAPublishedVersion() {
        assertThatThrownBy(() -> new TrainingJob(SparkTestSession.get(), config("v1")).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has a manifest");
    }

    @Test
    void shouldFailFastOnAnIllFormedVersion() {
        assertThatThrownBy(() -> config("../v2"))
                .hasMessageContaining("setting 'version'")
                .hasMessageContaining("names a directory");
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
