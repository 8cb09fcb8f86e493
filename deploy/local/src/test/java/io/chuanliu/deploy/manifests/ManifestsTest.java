package io.chuanliu.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.chuanliu.common.Topics;
import io.chuanliu.stream.job.RoutingJobConfig;
import io.chuanliu.training.job.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment manifests parse, carry what they must, and name only settings, topics and metrics
 * that the job really has: a renamed key or metric fails here, not on a cluster.
 */
class ManifestsTest {

    /** The repository root, from deploy/local where the tests run. */
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    private static final YAMLMapper YAML = new YAMLMapper();

    private static JsonNode yaml(String path) throws IOException {
        return YAML.readTree(ROOT.resolve(path).toFile());
    }

    private static List<JsonNode> yamlDocuments(String path) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(ROOT.resolve(path).toFile())) {
            var it = new ObjectMapper().readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static String[] args(JsonNode job) {
        List<String> args = new ArrayList<>();
        job.path(job.has("arguments") ? "arguments" : "args").forEach(a -> args.add(a.asText()));
        return args.toArray(String[]::new);
    }

    private static Map<String, String> pairs(String[] args) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            pairs.put(args[i].substring(2), args[i + 1]);
        }
        return pairs;
    }

    private static Set<String> topicNames() {
        Set<String> topics = new HashSet<>(Topics.INPUTS);
        topics.addAll(Topics.OUTPUTS);
        return topics;
    }

    @Test
    void shouldDeployTheJobInApplicationModeWithSavepointUpgradesRocksDbHaAndPrometheus() throws IOException {
        JsonNode deployment = yaml("deploy/flink/flink-deployment.yaml");

        assertThat(deployment.path("kind").asText()).isEqualTo("FlinkDeployment");
        JsonNode job = deployment.path("spec").path("job");
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("entryClass").asText()).isEqualTo("io.chuanliu.stream.job.RoutingJob");
        JsonNode flink = deployment.path("spec").path("flinkConfiguration");
        assertThat(flink.path("state.backend.type").asText()).isEqualTo("rocksdb");
        assertThat(flink.path("execution.checkpointing.incremental").asText()).isEqualTo("true");
        assertThat(flink.path("high-availability.type").asText()).isEqualTo("kubernetes");
        assertThat(flink.path("metrics.reporter.prom.factory.class").asText()).endsWith("PrometheusReporterFactory");
    }

    @Test
    void shouldPassTheJobOnlySettingsItAcceptsAndTopicsThatExist() throws IOException {
        for (String manifest : List.of("deploy/flink/flink-deployment.yaml", "deploy/flink/flink-session-job.yaml")) {
            JsonNode spec = yaml(manifest).path("spec");
            String[] args = args(spec.path("job"));

            // The job's own parser: an unknown key or an ill-formed value fails here as it would on submission.
            RoutingJobConfig config = RoutingJobConfig.fromArgs(withLocalClientFile(args));

            assertThat(config.bootstrapServers()).as(manifest).isNotBlank();
            pairs(args).forEach((key, value) -> {
                if (key.startsWith("topic.")) {
                    assertThat(topicNames()).as(manifest + " " + key).contains(value);
                }
            });
        }
        assertThat(yaml("deploy/flink/flink-session-job.yaml").path("kind").asText())
                .isEqualTo("FlinkSessionJob");
        assertThat(yaml("deploy/flink/flink-session-job.yaml")
                        .path("spec")
                        .path("job")
                        .path("upgradeMode")
                        .asText())
                .isEqualTo("savepoint");
    }

    /** The Kafka client file the pod mounts from a Secret, replaced by an empty local one so the job's parser can read it. */
    private static String[] withLocalClientFile(String[] args) throws IOException {
        String[] copy = args.clone();
        for (int i = 0; i + 1 < copy.length; i++) {
            if (copy[i].equals("--kafka.client-properties-file")) {
                Path local = Files.createTempFile("kafka", ".properties");
                local.toFile().deleteOnExit();
                copy[i + 1] = local.toString();
            }
        }
        return copy;
    }

    @Test
    void shouldGrantTheJobsKafkaUserExactlyTheTopicsGroupAndTransactionsItsArgumentsName() throws IOException {
        Map<String, JsonNode> users = new HashMap<>();
        for (JsonNode user : yamlDocuments("deploy/kafka/users.yaml")) {
            assertThat(user.path("kind").asText()).isEqualTo("KafkaUser");
            assertThat(user.path("spec").path("authentication").path("type").asText())
                    .startsWith("scram-sha-");
            users.put(user.path("metadata").path("name").asText(), user);
        }
        Map<String, String> jobArgs = pairs(
                args(yaml("deploy/flink/flink-deployment.yaml").path("spec").path("job")));
        Map<String, Set<String>> routing = acls(users.get("chuanliu-routing"));
        for (String input : Topics.INPUTS) {
            assertThat(routing.get("topic:" + jobArgs.getOrDefault("topic." + input, input)))
                    .as("reads " + input)
                    .contains("Read");
        }
        for (String output : Topics.OUTPUTS) {
            assertThat(routing.get("topic:" + jobArgs.getOrDefault("topic." + output, output)))
                    .as("writes " + output)
                    .contains("Write");
        }
        assertThat(routing.get("topic:" + Topics.ROUTING_REFUSALS))
                .as("reads its refusals back")
                .contains("Read");
        assertThat(routing.get("group:" + jobArgs.get("kafka.group-id"))).contains("Read");
        assertThat(routing.get("transactionalId:" + jobArgs.get("kafka.transactional-id-prefix") + "*"))
                .contains("Write");
        assertThat(routing.keySet().stream().filter(k -> k.startsWith("topic:")))
                .as("no topic the job does not use")
                .allSatisfy(k -> assertThat(topicNames()).contains(k.substring(6)));

        Map<String, Set<String>> publisher = acls(users.get("chuanliu-publisher"));
        assertThat(publisher.keySet().stream().filter(k -> k.startsWith("topic:")))
                .containsExactly("topic:" + Topics.MODEL_UPDATES);
        Map<String, Set<String>> platform = acls(users.get("platform-events"));
        assertThat(platform.keySet().stream()
                        .filter(k -> k.startsWith("topic:"))
                        .map(k -> k.substring(6)))
                .as("the platform writes the inputs, never the models")
                .containsExactlyInAnyOrderElementsOf(Topics.INPUTS.stream()
                        .filter(t -> !t.equals(Topics.MODEL_UPDATES))
                        .toList());
        assertThat(platform.values()).allSatisfy(ops -> assertThat(ops).doesNotContain("Read"));
    }

    /** "type:name" (a trailing * for a prefix pattern) -> operations. */
    private static Map<String, Set<String>> acls(JsonNode user) {
        Map<String, Set<String>> acls = new HashMap<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            String key =
                    resource.path("type").asText() + ":" + resource.path("name").asText()
                            + (resource.path("patternType").asText().equals("prefix") ? "*" : "");
            acl.path("operations")
                    .forEach(op ->
                            acls.computeIfAbsent(key, k -> new HashSet<>()).add(op.asText()));
        }
        return acls;
    }

    @Test
    void shouldRunEveryPodAsNonRootWithTheKafkaLoginFromASecretAndFlinksPortsFenced() throws IOException {
        JsonNode deployment = yaml("deploy/flink/flink-deployment.yaml");
        JsonNode pod = deployment.path("spec").path("podTemplate").path("spec");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("containers")
                        .get(0)
                        .path("securityContext")
                        .path("allowPrivilegeEscalation")
                        .asBoolean(true))
                .isFalse();
        JsonNode training =
                yaml("deploy/spark/scheduled-training.yaml").path("spec").path("template");
        for (String role : List.of("driver", "executor")) {
            assertThat(training.path(role)
                            .path("securityContext")
                            .path("runAsNonRoot")
                            .asBoolean())
                    .as(role)
                    .isTrue();
        }

        String clientFile = pairs(args(deployment.path("spec").path("job"))).get("kafka.client-properties-file");
        assertThat(clientFile).isNotNull();
        JsonNode mount = null;
        for (JsonNode m : pod.path("containers").get(0).path("volumeMounts")) {
            if (clientFile.startsWith(m.path("mountPath").asText() + "/")) {
                mount = m;
            }
        }
        assertThat(mount).as("a volume holds " + clientFile).isNotNull();
        String volume = mount.path("name").asText();
        assertThat(pod.path("volumes")).anySatisfy(v -> {
            assertThat(v.path("name").asText()).isEqualTo(volume);
            assertThat(v.path("secret").path("secretName").asText())
                    .as("the login is a Secret")
                    .isNotBlank();
        });

        JsonNode policy = yaml("deploy/flink/network-policy.yaml");
        assertThat(policy.path("kind").asText()).isEqualTo("NetworkPolicy");
        assertThat(policy.path("metadata").path("namespace").asText())
                .isEqualTo(deployment.path("metadata").path("namespace").asText());
        assertThat(policy.path("spec")
                        .path("podSelector")
                        .path("matchLabels")
                        .path("app")
                        .asText())
                .as("the operator labels the job's pods app: <deployment name>")
                .isEqualTo(deployment.path("metadata").path("name").asText());
        Set<Integer> fencedPorts = new HashSet<>();
        policy.path("spec")
                .path("ingress")
                .forEach(rule -> rule.path("ports")
                        .forEach(port -> fencedPorts.add(port.path("port").asInt())));
        assertThat(fencedPorts)
                .as("REST and metrics reachable only from named namespaces")
                .contains(8081, 9249);
    }

    @Test
    void shouldDefineEveryTopicOnceCompactingOnlyTheLatestValueTopics() throws IOException {
        List<JsonNode> topics = yamlDocuments("deploy/kafka/topics.yaml");

        assertThat(topics).allSatisfy(t -> assertThat(t.path("kind").asText()).isEqualTo("KafkaTopic"));
        assertThat(topics)
                .extracting(t -> t.path("metadata").path("name").asText())
                .containsExactlyInAnyOrderElementsOf(topicNames());
        for (JsonNode topic : topics) {
            String name = topic.path("metadata").path("name").asText();
            String cleanup =
                    topic.path("spec").path("config").path("cleanup.policy").asText();
            boolean latestValue = name.equals(Topics.CONTROL)
                    || name.equals(Topics.MODEL_UPDATES)
                    || name.equals(Topics.ROUTING_STATS);
            assertThat(cleanup).as(name).isEqualTo(latestValue ? "compact" : "delete");
            if (!latestValue) {
                assertThat(topic.path("spec")
                                .path("config")
                                .path("retention.ms")
                                .asLong())
                        .as(name + " retention")
                        .isPositive();
            }
        }
        int parallelism = yaml("deploy/flink/flink-deployment.yaml")
                .path("spec")
                .path("job")
                .path("parallelism")
                .asInt();
        int activityPartitions = topics.stream()
                .filter(t -> t.path("metadata").path("name").asText().equals(Topics.USER_ACTIVITY))
                .findFirst()
                .orElseThrow()
                .path("spec")
                .path("partitions")
                .asInt();
        assertThat(activityPartitions)
                .as("every routing subtask reads user activity")
                .isGreaterThanOrEqualTo(parallelism);
    }

    @Test
    void shouldScheduleOneTrainingAtATimeShardedForTheJobsMaxParallelism() throws IOException {
        JsonNode training = yaml("deploy/spark/scheduled-training.yaml");
        assertThat(training.path("kind").asText()).isEqualTo("ScheduledSparkApplication");
        assertThat(training.path("spec").path("concurrencyPolicy").asText()).isEqualTo("Forbid");

        Map<String, String> trainingArgs = pairs(args(training.path("spec").path("template")));
        Map<String, String> jobArgs = pairs(
                args(yaml("deploy/flink/flink-deployment.yaml").path("spec").path("job")));
        assertThat(trainingArgs.get("store.max-parallelism"))
                .as("the user store's key groups are the job's")
                .isEqualTo(jobArgs.getOrDefault(
                        "job.max-parallelism", String.valueOf(RoutingJobConfig.MAX_PARALLELISM.defaultValue())));
    }

    @Test
    void shouldWriteModelsWhereTheJobReadsThemAndAnnounceThemOnlyAfterAPassingGate() throws IOException {
        JsonNode deployment = yaml("deploy/flink/flink-deployment.yaml");
        Map<String, String> jobArgs = pairs(args(deployment.path("spec").path("job")));
        String root = jobArgs.get("model.root");
        assertThat(root).as("the job confines models to where training writes").isNotBlank();

        // The scheduled application: training's own parser takes its arguments, writes under the job's root and
        // announces.
        JsonNode app = yaml("deploy/spark/scheduled-training.yaml").path("spec").path("template");
        String[] appArgs = args(app);
        TrainingConfig training = TrainingConfig.fromArgs(withLocalClientFile(appArgs));
        assertThat(training.models()).isEqualTo(root);
        assertThat(training.announcement())
                .as("a scheduled run has no second step: it announces what passed the gate")
                .isNotNull();
        assertThat(training.announcement().bootstrapServers()).isEqualTo(jobArgs.get("kafka.bootstrap-servers"));
        assertThat(training.announcement().topic())
                .isEqualTo(jobArgs.getOrDefault("topic.model-updates", Topics.MODEL_UPDATES));
        assertThat(app.path("restartPolicy").path("type").asText())
                .as("a refused gate is not retried")
                .isEqualTo("Never");
        String clientFile = pairs(appArgs).get("kafka.client-properties-file");
        assertThat(app.path("driver").path("secrets"))
                .as("the driver announces with the publisher's login from a Secret")
                .anySatisfy(secret ->
                        assertThat(clientFile).startsWith(secret.path("path").asText() + "/"));
        String hadoop = rootPomProperty("hadoop.version");
        if (root.startsWith("s3a:")) {
            assertThat(app.path("deps").path("packages").toString())
                    .as("s3a: needs hadoop-aws of Spark's Hadoop")
                    .contains("org.apache.hadoop:hadoop-aws:" + hadoop);
        }

        // The Airflow DAG: train writes <MODELS>/<VERSION>, publish announces exactly that directory, after training.
        String dag = Files.readString(ROOT.resolve("deploy/spark/chuanliu_training_dag.py"));
        assertThat(pythonString(dag, "MODELS")).isEqualTo(root);
        assertThat(dag)
                .contains(
                        "\"--models\", MODELS",
                        "\"--version\", VERSION",
                        "\"--model\", f\"{MODELS}/{VERSION}\"",
                        "train_and_evaluate >> publish");
        if (root.startsWith("s3a:")) {
            assertThat(pythonString(dag, "S3A")).isEqualTo("org.apache.hadoop:hadoop-aws:" + hadoop);
            assertThat(dag.split("packages=S3A", -1)).as("both tasks read s3a:").hasSize(3);
        }

        // The job reads the root through a Flink file system plugin and copies shards to a writable local volume.
        JsonNode container = deployment
                .path("spec")
                .path("podTemplate")
                .path("spec")
                .path("containers")
                .get(0);
        String scheme = java.net.URI.create(root).getScheme();
        if (scheme != null && !scheme.equals("file")) {
            String plugins = "";
            for (JsonNode env : container.path("env")) {
                if (env.path("name").asText().equals("ENABLE_BUILT_IN_PLUGINS")) {
                    plugins = env.path("value").asText();
                }
            }
            assertThat(plugins)
                    .as("a Flink file system for " + scheme + ":")
                    .contains((scheme.startsWith("s3") ? "flink-s3-fs-hadoop-" : "flink-" + scheme)
                            + rootPomProperty("flink.version") + ".jar");
            String cache = jobArgs.get("model.cache-dir");
            assertThat(cache)
                    .as("remote models are copied to a local directory")
                    .isNotBlank();
            JsonNode mount = null;
            for (JsonNode m : container.path("volumeMounts")) {
                if ((cache + "/").startsWith(m.path("mountPath").asText() + "/")) {
                    mount = m;
                }
            }
            assertThat(mount).as("a volume holds " + cache).isNotNull();
            assertThat(mount.path("readOnly").asBoolean(false)).isFalse();
            String volume = mount.path("name").asText();
            assertThat(deployment.path("spec").path("podTemplate").path("spec").path("volumes"))
                    .anySatisfy(v -> assertThat(v.path("name").asText()).isEqualTo(volume));
        }
    }

    private static String pythonString(String source, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " = \"([^\"]*)\"").matcher(source);
        assertThat(m.find()).as(name + " in the DAG").isTrue();
        return m.group(1);
    }

    private static String rootPomProperty(String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as(name + " in pom.xml").isTrue();
        return m.group(1);
    }

    @Test
    void shouldChartAndAlertOnlyOnMetricsTheJobRegisters() throws IOException {
        Set<String> registered = registeredMetrics();
        String dashboard = Files.readString(ROOT.resolve("deploy/monitoring/grafana-dashboard.json"));
        String alerts = Files.readString(ROOT.resolve("deploy/monitoring/chuanliu-alerts.yml"));
        new ObjectMapper().readTree(dashboard);
        yaml("deploy/monitoring/chuanliu-alerts.yml");

        Matcher operatorMetric = Pattern.compile("flink_taskmanager_job_task_operator_([A-Za-z]+)\\b")
                .matcher(dashboard + alerts);
        Set<String> used = new HashSet<>();
        while (operatorMetric.find()) {
            used.add(operatorMetric.group(1));
        }
        used.remove("KafkaSourceReader"); // the Kafka source's own metric group
        used.removeAll(FLINK_OPERATOR_METRICS);
        assertThat(used).isNotEmpty();
        assertThat(registered).containsAll(used);

        Matcher jobMetric =
                Pattern.compile("flink_jobmanager_job_([A-Za-z]+)\\b").matcher(dashboard + alerts);
        while (jobMetric.find()) {
            assertThat(FLINK_JOB_METRICS).as("a job metric Flink reports").contains(jobMetric.group(1));
        }
    }

    @Test
    void shouldDocumentEveryMetricTheJobRegistersAndNoOther() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/routing.md"));
        String section = doc.substring(doc.indexOf("## Metrics"));
        section =
                section.substring(0, section.indexOf("\n## ", 1) > 0 ? section.indexOf("\n## ", 1) : section.length());
        Set<String> documented = new HashSet<>();
        Matcher name = Pattern.compile("`(?:[a-z]+\\.<[a-z]+>\\.)?((?:num|current|decision)[A-Za-z]+|gmvCents)`")
                .matcher(section);
        while (name.find()) {
            documented.add(name.group(1));
        }

        assertThat(documented).as("docs/routing.md's metrics").containsExactlyInAnyOrderElementsOf(registeredMetrics());
    }

    @Test
    void shouldAlertOnRestartsDeadLettersCommitFailuresModelsAndWatermarkLag() throws IOException {
        String alerts = Files.readString(ROOT.resolve("deploy/monitoring/chuanliu-alerts.yml"));
        for (String metric : List.of(
                "flink_jobmanager_job_numRestarts",
                "numDeadLetters",
                "failedCommittables",
                "numModelsRejected",
                "numModelLookupFailures",
                "currentInputWatermark")) {
            assertThat(alerts).as("an alert on " + metric).contains(metric);
        }
        for (String alert : Pattern.compile("alert: (\\w+)")
                .matcher(alerts)
                .results()
                .map(m -> m.group(1))
                .toList()) {
            assertThat(Files.readString(ROOT.resolve("docs/operations.md")))
                    .as("docs/operations.md on " + alert)
                    .contains(alert);
        }
    }

    /** Operator metrics Flink itself registers (names from flink-runtime's MetricNames), usable in alerts. */
    private static final Set<String> FLINK_OPERATOR_METRICS = Set.of(
            "failedCommittables",
            "retriedCommittables",
            "pendingCommittables",
            "currentInputWatermark",
            "currentOutputWatermark",
            "numRecordsIn",
            "numRecordsOut");

    /** Job metrics the JobManager reports (MetricNames, and the checkpoint statistics). */
    private static final Set<String> FLINK_JOB_METRICS = Set.of(
            "numRestarts",
            "numberOfFailedCheckpoints",
            "numberOfCompletedCheckpoints",
            "lastCheckpointDuration",
            "uptime");

    /** Metric names the streaming job registers: counter("x"), gauge("x", ...) and histogram("x", ...) in its sources. */
    private static Set<String> registeredMetrics() throws IOException {
        Set<String> names = new HashSet<>();
        Pattern registration = Pattern.compile("\\.(?:counter|gauge|histogram)\\(\"([A-Za-z]+)\"");
        try (Stream<Path> sources = Files.walk(ROOT.resolve("streaming-job/src/main/java"))) {
            for (Path source :
                    sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = registration.matcher(Files.readString(source));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
