package io.chuanliu.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chuanliu.common.Topics;
import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.common.model.ModelFiles;
import io.chuanliu.stream.testing.EmbeddedKafka;
import io.chuanliu.stream.testing.JobMetrics;
import io.chuanliu.stream.testing.MarketHistory;
import io.chuanliu.stream.testing.TestClusters;
import io.chuanliu.stream.testing.TrainingRun;
import io.chuanliu.training.publish.ModelAnnouncer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models on a remote file system, end to end: a real HDFS (NameNode and DataNode from Hadoop's
 * Maven artifacts) holds what the Spark training job (a child JVM) writes to an {@code hdfs:} URI
 * and, its gate passed, announces; later the publisher (a child JVM) verifies a version there and
 * announces it; the running routing job
 * copies to each TaskManager's disk only the shards of its subtask's key groups, verifies them and
 * hot-swaps the model. A corrupt or out-of-root version is refused and its copy deleted, the next
 * good version replaces the served one's copy, and cancelling the job leaves no copy behind.
 */
class ModelOnHdfsIT {

    private static final int PARALLELISM = 2;
    private static final int MAX_PARALLELISM = 128;
    private static final int SHARDS = 4;
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            TestClusters.extension(PARALLELISM, REPORTER.addToConfiguration(TestClusters.rocksDb()));

    @TempDir
    static Path hdfsBase;

    private static MiniDFSCluster hdfs;
    private static FileSystem fs;
    private final JobMetrics metrics = new JobMetrics(REPORTER);

    @BeforeAll
    static void startHdfs() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, hdfsBase.toString());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        fs = hdfs.getFileSystem();
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void shouldServeAModelThatTrainingWroteToHdfsCopyingOnlyEachSubtasksShards(@TempDir Path work) throws Exception {
        String models = hdfs.getURI() + "/chuanliu/models";
        MarketHistory.write(work.resolve("history"), 1_000);
        KAFKA.createTopics(PARALLELISM, Topics.ALL);
        Path cache = work.resolve("model-cache");
        RoutingJobConfig config = BrokerJob.settings(
                KAFKA.bootstrapServers(),
                "--job.max-parallelism",
                String.valueOf(MAX_PARALLELISM),
                "--model.root",
                models,
                "--model.cache-dir",
                cache.toString());
        JobClient job = BrokerJob.start(config, PARALLELISM);
        JobID jobId = job.getJobID();
        Path copies = cache.resolve("chuanliu-models");
        try {
            // As the scheduled training does: write to the store, gate, and announce what passed.
            TrainingRun.trainPublishingAny(
                    work,
                    models,
                    "h1",
                    "--store.max-parallelism",
                    String.valueOf(MAX_PARALLELISM),
                    "--store.shards",
                    String.valueOf(SHARDS),
                    "--kafka.bootstrap-servers",
                    KAFKA.bootstrapServers());
            assertThat(fs.exists(new org.apache.hadoop.fs.Path(models + "/h1/" + ModelFiles.MANIFEST)))
                    .as("training wrote to HDFS")
                    .isTrue();
            await().atMost(Duration.ofMinutes(2)).until(() -> metrics.counter(jobId, "numModelsLoaded") == PARALLELISM);
            assertThat(metrics.counter(jobId, "numModelsRejected")).isZero();
            List<Set<String>> shardsPerSubtask = new ArrayList<>();
            for (Path home : list(copies)) {
                assertThat(names(home)).as("one served copy per subtask").containsExactly("h1");
                shardsPerSubtask.add(names(home.resolve("h1").resolve(ModelFiles.USER_STORE)));
            }
            assertThat(shardsPerSubtask)
                    .as("each subtask copied the shards of its half of the key groups")
                    .hasSize(PARALLELISM)
                    .allSatisfy(s -> assertThat(s).hasSize(SHARDS / PARALLELISM + 1)); // its shards and layout.json
            Set<String> all = new TreeSet<>();
            shardsPerSubtask.forEach(all::addAll);
            assertThat(all).hasSize(SHARDS + 1);

            // A copy whose brand side was damaged on the store: every subtask refuses it, still serves h1, keeps no
            // copy of it.
            copyVersion(models + "/h1", models + "/h2");
            damage(models + "/h2/" + ModelFiles.BRAND_FACTORS);
            announce(models + "/h2", "h2");
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> metrics.counter(jobId, "numModelsRejected") == PARALLELISM);
            // A model outside model.root is refused before anything is copied.
            String elsewhere = hdfs.getURI() + "/chuanliu/elsewhere/h3";
            copyVersion(models + "/h1", elsewhere);
            announce(elsewhere, "h3");
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> metrics.counter(jobId, "numModelsRejected") == 2 * PARALLELISM);
            for (Path home : list(copies)) {
                assertThat(names(home)).containsExactly("h1");
            }

            // The next good version, verified on HDFS and announced by the publisher, replaces h1, whose copies are
            // deleted.
            copyVersion(models + "/h1", models + "/h4");
            TrainingRun.publish(
                    work, List.of("--model", models + "/h4", "--kafka.bootstrap-servers", KAFKA.bootstrapServers()));
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> metrics.counter(jobId, "numModelsLoaded") == 2 * PARALLELISM);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (Path home : list(copies)) {
                    assertThat(names(home)).containsExactly("h4");
                }
            });
        } finally {
            job.cancel().get();
        }
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> assertThat(list(copies))
                        .as("cancelled subtasks delete their copies")
                        .isEmpty());
    }

    /** Copies a published version to a new one on HDFS, with its manifest saying the new version. */
    private static void copyVersion(String from, String to) throws Exception {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(to);
        FileUtil.copy(fs, new org.apache.hadoop.fs.Path(from), fs, target, false, fs.getConf());
        org.apache.hadoop.fs.Path manifest = new org.apache.hadoop.fs.Path(target, ModelFiles.MANIFEST);
        ObjectNode node;
        try (InputStream in = fs.open(manifest)) {
            node = (ObjectNode) EventJson.mapper().readTree(in);
        }
        node.put("version", target.getName());
        try (OutputStream out = fs.create(manifest, true)) {
            out.write(EventJson.mapper().writeValueAsBytes(node));
        }
    }

    private static void damage(String file) throws Exception {
        try (OutputStream out = fs.append(new org.apache.hadoop.fs.Path(file))) {
            out.write("{\"brand\":\"b-injected\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Announces without the publisher's check, as anyone who can write to model-updates could. */
    private static void announce(String uri, String version) throws Exception {
        ModelAnnouncer.announce(
                new ModelRef("affinity", version, uri, Map.of(), System.currentTimeMillis()),
                KAFKA.bootstrapServers(),
                Topics.MODEL_UPDATES,
                Map.of());
    }

    private static List<Path> list(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static Set<String> names(Path dir) throws Exception {
        Set<String> names = new TreeSet<>();
        list(dir).forEach(p -> names.add(p.getFileName().toString()));
        return names;
    }
}
