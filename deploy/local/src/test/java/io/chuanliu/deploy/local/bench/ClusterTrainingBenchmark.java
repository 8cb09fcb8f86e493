package io.chuanliu.deploy.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.common.model.ModelFiles;
import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.stack.LocalSparkCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daily training run on a Spark standalone cluster with the driver's heap capped (issue 16, item 3):
 * a master and two workers as child JVMs, one executor JVM per worker, the job submitted as its
 * {@code -spark-submit} jar, the driver with {@link LocalSparkCluster#DRIVER_HEAP}. If anything the driver
 * collects grew with users, a market of 10^6 users would not fit. Prints the wall time, the driver's heap
 * after its collections (its garbage-collection log), the job's own driver line and every method's NDCG@10.
 *
 * <pre>deploy/local/cluster-training-benchmark.sh MARKET_DIR WORK_DIR [executor memory]</pre>
 */
public final class ClusterTrainingBenchmark {

    private static final Pattern AFTER_GC = Pattern.compile("->(\\d+)M\\(");

    private ClusterTrainingBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ClusterTrainingBenchmark MARKET_DIR WORK_DIR [executor memory, default 8g]");
            System.exit(2);
        }
        Path market = Path.of(args[0]).toAbsolutePath();
        Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        String executorMemory = args.length > 2 ? args[2] : "8g";
        Layout layout = Layout.fromSystemProperty();
        Path models = work.resolve("models");
        Path log = work.resolve("training.log");
        long started = System.nanoTime();
        int exit;
        Path gcLog;
        try (LocalSparkCluster cluster = new LocalSparkCluster(
                        layout, work.resolve("spark"), freePort(), freePort(), 2, 1, executorMemory)
                .start()) {
            gcLog = cluster.driverGcLog();
            exit = cluster.submit(
                    "io.chuanliu.training.job.TrainingJob",
                    Map.of(
                            "spark.executor.memory",
                            executorMemory,
                            "spark.executor.cores",
                            "1",
                            "spark.sql.shuffle.partitions",
                            "8",
                            "spark.local.dir",
                            work.resolve("spark-tmp").toString(),
                            "spark.ui.enabled",
                            "false"),
                    List.of(
                            "--history",
                            market.resolve("history").toString(),
                            "--models",
                            models.toString(),
                            "--version",
                            "bench",
                            "--als.ranks",
                            "16",
                            "--als.alphas",
                            "20",
                            "--als.iterations",
                            "10"),
                    log,
                    java.time.Duration.ofHours(3));
        }
        double wall = (System.nanoTime() - started) / 1e9;
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("stage") || line.startsWith("driver:") || line.startsWith("gate")) {
                System.out.println(line);
            }
        }
        System.out.printf(
                "summary: spark-submit exit %d, wall %.1f s (cluster start included), driver heap %s, "
                        + "driver heap after its collections at most %d MiB (%s)%n",
                exit, wall, LocalSparkCluster.DRIVER_HEAP, maxAfterGc(gcLog), gcLog);
        Path manifest = models.resolve("bench").resolve(ModelFiles.MANIFEST);
        if (Files.exists(manifest)) {
            JsonNode m = EventJson.mapper().readTree(manifest.toFile());
            StringBuilder ndcg = new StringBuilder();
            m.path("evaluation")
                    .path("methods")
                    .fields()
                    .forEachRemaining(method -> ndcg.append(String.format(
                            " %s=%.4f",
                            method.getKey(), method.getValue().path("ndcg").asDouble())));
            System.out.printf(
                    "summary: %s interactions, %s users, NDCG@10%s%n",
                    m.path("row_counts").path("interactions").asText(),
                    m.path("row_counts").path("users").asText(),
                    ndcg);
        } else {
            System.out.println("summary: no model published; see " + log);
        }
        System.exit(exit);
    }

    /** The largest heap occupancy after a collection in a {@code -Xlog:gc} file, in MiB; -1 if none. */
    static long maxAfterGc(Path gcLog) throws IOException {
        long max = -1;
        if (!Files.exists(gcLog)) {
            return max;
        }
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = AFTER_GC.matcher(line);
            if (m.find()) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
        }
        return max;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
