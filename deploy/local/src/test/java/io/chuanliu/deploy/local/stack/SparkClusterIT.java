package io.chuanliu.deploy.local.stack;

import static io.chuanliu.deploy.local.stack.StackTestSupport.HOME;
import static io.chuanliu.deploy.local.stack.StackTestSupport.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.common.model.ModelFiles;
import io.chuanliu.common.model.UserRecord;
import io.chuanliu.common.model.UserStoreLayout;
import io.chuanliu.deploy.local.Layout;
import io.chuanliu.generator.MarketGenerator;
import io.chuanliu.generator.market.MarketConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * The training job on a real Spark standalone cluster: a master and two workers as child JVMs,
 * executors in JVMs of their own, the job submitted with spark-submit semantics as its
 * {@code -spark-submit} jar. On the same generated market and seed it publishes the model a local[2]
 * run publishes: the same evaluation of every method, the same ranker, the same user-store records.
 */
class SparkClusterIT {

    private static final double TOLERANCE = 1e-9;

    @Test
    void shouldTrainOnAStandaloneClusterExactlyTheModelLocalModeTrains(@TempDir Path work) throws Exception {
        Layout layout = new Layout(HOME);
        Path market = work.resolve("market");
        new MarketGenerator(MarketConfig.small(11).withUsers(3_000), false).generate(market);
        Path models = work.resolve("models");
        List<String> settings = List.of(
                "--history",
                market.resolve("history").toString(),
                "--models",
                models.toString(),
                "--als.alphas",
                "20",
                // ALS iterates in Spark jobs on the executors, as large logs do, not on the driver as this small one
                // would by default (the two give the same factors: AffinityRecoveryTest).
                "--als.driver-ratings",
                "0",
                "--store.shards",
                "4",
                "--store.max-parallelism",
                "128",
                "--gate.confidence",
                "0",
                "--gate.min-lift",
                "-1");

        LocalSparkTraining.Outcome local =
                new LocalSparkTraining(layout, work.resolve("local")).train(with(settings, "local"));
        assertThat(local.published()).as("local[2] run; see %s", local.log()).isTrue();
        int exit;
        Path log = work.resolve("cluster-training.log");
        try (LocalSparkCluster cluster =
                new LocalSparkCluster(layout, work.resolve("spark"), freePort(), freePort(), 2, 1, "1g").start()) {
            exit = cluster.submit(
                    "io.chuanliu.training.job.TrainingJob",
                    Map.of(
                            "spark.executor.memory",
                            "768m",
                            "spark.executor.cores",
                            "1",
                            "spark.sql.shuffle.partitions",
                            "4",
                            "spark.ui.enabled",
                            "false"),
                    with(settings, "cluster"),
                    log);
        }
        assertThat(exit).as("spark-submit on the cluster; see %s", log).isZero();
        for (int worker = 0; worker < 2; worker++) {
            try (var apps = Files.list(work.resolve("spark/worker-" + worker))) {
                assertThat(apps.filter(app -> app.getFileName().toString().startsWith("app-"))
                                .toList())
                        .as("worker %d started an executor JVM for the job", worker)
                        .hasSize(1)
                        .allSatisfy(app -> assertThat(app.resolve("0/stderr")
                                                .toFile()
                                                .exists()
                                        || app.resolve("1/stderr").toFile().exists())
                                .isTrue());
            }
        }

        JsonNode a = manifest(models.resolve("local"));
        JsonNode b = manifest(models.resolve("cluster"));
        assertNumbersEqual("evaluation", a.path("evaluation"), b.path("evaluation"));
        assertNumbersEqual("ranker", a.path("ranker"), b.path("ranker"));
        assertThat(b.path("row_counts")).isEqualTo(a.path("row_counts"));
        assertThat(b.path("user_store")).isEqualTo(a.path("user_store"));
        UserStoreLayout shards = EventJson.mapper().treeToValue(a.path("user_store"), UserStoreLayout.class);
        int users = 0;
        for (UserStoreLayout.Shard shard : shards.shards()) {
            Map<String, UserRecord> fromLocal = records(models.resolve("local").resolve(shard.path()));
            Map<String, UserRecord> fromCluster =
                    records(models.resolve("cluster").resolve(shard.path()));
            assertThat(fromCluster.keySet()).as(shard.path()).isEqualTo(fromLocal.keySet());
            fromLocal.forEach((user, record) -> {
                assertThat(fromCluster.get(user).factors()).as(user).containsExactly(record.factors());
                assertThat(fromCluster.get(user).audienceBrands()).as(user).containsExactly(record.audienceBrands());
            });
            users += fromLocal.size();
        }
        assertThat(users).isEqualTo(a.path("row_counts").path("users").asInt());
    }

    private static List<String> with(List<String> settings, String version) {
        List<String> all = new ArrayList<>(settings);
        all.addAll(List.of("--version", version));
        return all;
    }

    private static JsonNode manifest(Path model) throws Exception {
        return EventJson.mapper().readTree(model.resolve(ModelFiles.MANIFEST).toFile());
    }

    /** Same structure, every number within the tolerance, everything else equal. */
    private static void assertNumbersEqual(String path, JsonNode expected, JsonNode actual) {
        if (expected.isNumber()) {
            assertThat(actual.isNumber()).as(path).isTrue();
            assertThat(actual.asDouble())
                    .as(path)
                    .isCloseTo(expected.asDouble(), org.assertj.core.data.Offset.offset(TOLERANCE));
        } else if (expected.isContainerNode()) {
            assertThat(actual.size()).as(path).isEqualTo(expected.size());
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    assertNumbersEqual(path + "[" + i + "]", expected.get(i), actual.get(i));
                }
            } else {
                for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    assertNumbersEqual(path + "." + name, expected.get(name), actual.path(name));
                }
            }
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }

    private static Map<String, UserRecord> records(Path shard) throws Exception {
        RocksDB.loadLibrary();
        Map<String, UserRecord> records = new TreeMap<>();
        try (Options options = new Options();
                RocksDB db = RocksDB.openReadOnly(options, shard.toString());
                RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                records.put(
                        new String(it.key(), java.nio.charset.StandardCharsets.UTF_8),
                        UserRecord.fromBytes(it.value()));
            }
        }
        return records;
    }
}
