package io.chuanliu.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.deploy.local.process.Ports;
import io.chuanliu.deploy.local.stack.FlinkRestClient;
import io.chuanliu.stream.rules.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as a user runs it: {@code ./chuanliu demo --exit-when-done} on a fresh work directory.
 * While it runs, the Flink REST API must list the routing job as RUNNING; when it ends, decisions
 * must have reached Kafka, every corrupted event must be a dead letter, and nothing may be left
 * running or listening. Then every notebook must execute on what the run left behind.
 */
class ChuanliuDemoIT {

    private static final Path HOME = Path.of(System.getProperty("chuanliu.home", "../.."))
            .toAbsolutePath()
            .normalize();
    private static final int FLINK_PORT = 8081;
    private static final int KAFKA_PORT = 9092;

    @TempDir
    static Path work;

    private static final AtomicReference<FlinkRestClient.JobOverview> runningJob = new AtomicReference<>();
    private static boolean finished;
    private static int exitValue;
    private static String log;

    /** Runs the demo once, as a user would; the tests below read what it left behind. */
    @BeforeAll
    static void runTheDemo() throws Exception {
        assertThat(Ports.isListening(FLINK_PORT) || Ports.isListening(KAFKA_PORT))
                .as("ports %d and %d must be free before the demo", FLINK_PORT, KAFKA_PORT)
                .isFalse();
        Path output = work.resolve("demo.out");
        ProcessBuilder builder = new ProcessBuilder(
                        HOME.resolve("chuanliu").toString(),
                        "demo",
                        "--exit-when-done",
                        "--work-dir",
                        work.resolve("demo").toString())
                .directory(HOME.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("CHUANLIU_SKIP_BUILD", "1");
        Process demo = builder.start();

        FlinkRestClient rest = new FlinkRestClient("http://localhost:" + FLINK_PORT);
        while (demo.isAlive() && runningJob.get() == null) {
            try {
                rest.jobs().stream()
                        .filter(j -> j.state().equals("RUNNING"))
                        .findFirst()
                        .ifPresent(runningJob::set);
            } catch (java.io.IOException notUpYet) {
                // The cluster is not started yet, or already stopped.
            }
            Thread.sleep(500);
        }
        finished = demo.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            demo.destroyForcibly();
        }
        exitValue = finished ? demo.exitValue() : -1;
        log = Files.readString(output);
    }

    @Test
    void shouldRouteBuyersOnTheRealStackAndLeaveNothingBehind() throws Exception {
        assertThat(finished).as("demo finished in time; output:%n%s", log).isTrue();
        assertThat(exitValue).as("demo exit code; output:%n%s", log).isZero();

        assertThat(runningJob.get()).as("a RUNNING job seen on /jobs/overview").isNotNull();
        assertThat(runningJob.get().name()).isEqualTo("Chuanliu routing");

        JsonNode summary =
                EventJson.mapper().readTree(work.resolve("demo/summary.json").toFile());
        JsonNode generated = EventJson.mapper()
                .readTree(work.resolve("demo/market/summary.json").toFile());
        assertThat(summary.path("job_id").asText()).isEqualTo(runningJob.get().id());
        assertThat(summary.path("decisions").asLong()).isPositive();
        assertThat(summary.path("routed_users_by_brand").size()).isPositive();
        assertThat(summary.path("suppressed_by_rule").properties())
                .extracting(java.util.Map.Entry::getKey)
                .as("every rule of the job, in its order")
                .containsExactlyElementsOf(
                        java.util.Arrays.stream(Rule.values()).map(Rule::label).toList());
        assertThat(summary.path("suppressed_by_rule").path("opt_out").asLong())
                .as("the generated opt-outs bite")
                .isPositive();
        assertThat(summary.path("holdout").path("holdout_decisions").asLong())
                .as("held-out users were chosen")
                .isPositive();
        long roomVisits = summary.path("events_by_topic").path("room-visits").asLong();
        assertThat(roomVisits).as("routed users who bought in the brand's room").isPositive();
        List<String[]> converted =
                java.nio.file.Files.readAllLines(work.resolve("demo/outcomes/conversions.csv")).stream()
                        .skip(1)
                        .map(line -> line.split(","))
                        .toList();
        assertThat(converted)
                .extracting(c -> c[4])
                .as("each order converts at most once")
                .doesNotHaveDuplicates();
        // A routed user may also buy in the room on their own (the day's organic brand-room orders), so
        // only the orders the demo's room visits caused (ids "r-<decision>") are bounded by the visits.
        assertThat(converted.stream()
                        .filter(c -> c[3].equals("routed") && c[4].startsWith("r-"))
                        .count())
                .as("room orders converted (all but those later than the 2 h window)")
                .isBetween((long) Math.ceil(roomVisits * 0.9), roomVisits);
        JsonNode incrementality = summary.path("incrementality");
        assertThat(incrementality.path("estimate_cents").isNumber())
                .as("an incremental GMV, never n/a: %s", incrementality)
                .isTrue();
        assertThat(incrementality.path("planted_truth_cents").asDouble()).isPositive();
        assertThat(work.resolve("demo/outcomes/incrementality.csv")).exists();
        assertThat(log).contains("incremental GMV", "95% interval", "planted truth");
        assertThat(summary.path("rewards").path("rewards").asLong())
                .as("experts rewarded for converted buyers")
                .isPositive();
        List<String> rewards = java.nio.file.Files.readAllLines(work.resolve("demo/outcomes/rewards.csv"));
        assertThat(rewards)
                .hasSize((int) summary.path("rewards").path("rewards").asLong() + 1);
        java.util.Map<String, Double> creditPerOrder = rewards.stream()
                .skip(1)
                .map(line -> line.split(","))
                .collect(java.util.stream.Collectors.groupingBy(
                        f -> f[5], java.util.stream.Collectors.summingDouble(f -> Double.parseDouble(f[7]))));
        assertThat(creditPerOrder.values())
                .as("each converting order's credit, shared among its experts, sums to one")
                .allSatisfy(total -> assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(converted.stream().filter(c -> c[3].equals("routed")).count())
                .isEqualTo(summary.path("holdout").path("routed_conversions").asLong());
        assertThat(work.resolve("demo/outcomes/decisions.csv")).exists();
        assertThat(java.nio.file.Files.readAllLines(work.resolve("demo/outcomes/decisions.csv")))
                .as("one row per distinct decision, plus the header")
                .hasSize((int) summary.path("decisions").asLong() + 1);
        List<String> refusals = java.nio.file.Files.readAllLines(work.resolve("demo/outcomes/refusals.csv"));
        assertThat(refusals.get(0)).isEqualTo("decision_id,user,brand,session_id,rule,activity_time,value");
        assertThat(refusals.subList(1, refusals.size()))
                .as("the budget stage's refusals, one row each, with the value the served model put on the route")
                .hasSizeGreaterThan(0)
                .allSatisfy(row -> {
                    String[] f = row.split(",", -1);
                    assertThat(f[4]).isIn("budget_pacing", "budget_exhausted");
                    assertThat(Double.parseDouble(f[6])).isBetween(0.0, 1.0);
                });
        assertThat(summary.path("dead_letters").asLong())
                .isEqualTo(generated.path("live_invalid_events").asLong());
        assertThat(log)
                .contains(
                        "Chuanliu routing summary",
                        "routing decisions",
                        "suppressed",
                        "held out",
                        "expert rewards",
                        "http://localhost:8081",
                        "stopped.");
        String verdict = summary.path("model_evaluation").toString();
        // The demo market (120 brands) is one where the ranker's lead over own history is real: the gate publishes it,
        // and the stream ranks by it.
        assertThat(verdict).contains("gate: ndcg@10", "own_history", "95% CI", "-> publish");
        assertThat(summary.path("model_version").asText()).isEqualTo("demo-42");
        assertThat(summary.path("model_loads").asLong())
                .as("routing subtasks serving the model")
                .isEqualTo(2);
        assertThat(summary.path("model_rejections").asLong()).isZero();
        assertThat(log).contains("routes rank eligible brands by this model's gated ranker");
        long announcedModels = 1;
        assertThat(summary.path("valid_events").asLong()
                        + summary.path("dead_letters").asLong())
                .as("every replayed event, the announced model and every budget refusal read back were parsed")
                .isEqualTo(summary.path("events_replayed").asLong()
                        + announcedModels
                        + summary.path("refusals_read").asLong());
        assertThat(summary.path("routes_given_back").asLong())
                .as("refused routes taken off users' caps")
                .isBetween(
                        Math.min(1L, summary.path("refusals_read").asLong()),
                        summary.path("refusals_read").asLong());

        assertThat(Ports.isListening(FLINK_PORT)).as("Flink port closed").isFalse();
        assertThat(Ports.isListening(KAFKA_PORT)).as("Kafka port closed").isFalse();
        List<String> leftovers = ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains(work.toString()))
                .toList();
        assertThat(leftovers).as("processes still running from the demo").isEmpty();
    }

    /**
     * Every notebook in {@code notebooks/} executes top to bottom on this demo's outputs and draws
     * its plots. Needs {@code jupyter nbconvert} with pandas and matplotlib (Debian: jupyter-nbconvert
     * python3-pandas python3-matplotlib python3-ipykernel); skipped without it, unless
     * {@code CHUANLIU_REQUIRE_NOTEBOOKS=1} (as CI sets) makes that a failure.
     */
    @Test
    void everyNotebookExecutesOnTheDemosOutputsAndDrawsItsPlots() throws Exception {
        assertThat(exitValue).as("demo exit code; output:%n%s", log).isZero();
        boolean jupyter;
        try {
            jupyter = new ProcessBuilder("jupyter", "nbconvert", "--version")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start()
                            .waitFor()
                    == 0;
        } catch (java.io.IOException notInstalled) {
            jupyter = false;
        }
        if (!jupyter && "1".equals(System.getenv("CHUANLIU_REQUIRE_NOTEBOOKS"))) {
            throw new AssertionError("CHUANLIU_REQUIRE_NOTEBOOKS=1 but `jupyter nbconvert` is not installed");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(
                jupyter, "notebooks not executed: `jupyter nbconvert` is not installed");
        Path notebooks = HOME.resolve("notebooks");
        List<Path> all;
        try (var files = Files.list(notebooks)) {
            all = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertThat(all).as("notebooks in %s", notebooks).hasSizeGreaterThanOrEqualTo(3);
        executeAll(
                all, work.resolve("demo"), Files.createDirectories(HOME.resolve("deploy/local/target/notebooks")), 2);

        // The same notebooks on the thinnest outcome a run can have: no decisions, conversions, rewards
        // or hold-outs, and no model served (the gate refused it). They must still run to the end.
        Path empty = emptyOutcomeOf(work.resolve("demo"), work.resolve("empty-demo"));
        executeAll(all, empty, Files.createDirectories(HOME.resolve("deploy/local/target/notebooks-empty-run")), 0);
    }

    /**
     * A copy of a demo directory as a run with nothing routed would leave it: the same market, and of
     * the model only what the gate leaves of a refused one (its evaluation).
     */
    private static Path emptyOutcomeOf(Path demo, Path copy) throws Exception {
        Files.createDirectories(copy.resolve("outcomes"));
        Files.createSymbolicLink(copy.resolve("market"), demo.resolve("market"));
        Path evaluation;
        try (var files = Files.walk(demo.resolve("models"))) {
            evaluation = files.filter(f -> f.getFileName().toString().equals("evaluation.json"))
                    .findFirst()
                    .orElseThrow();
        }
        Path refused = Files.createDirectories(copy.resolve("models/refused"));
        try (var files = Files.list(evaluation.getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("evaluation\\..*|test_top_k\\.csv"))
                    .toList()) {
                Files.copy(file, refused.resolve(file.getFileName()));
            }
        }
        try (var csvs = Files.list(demo.resolve("outcomes"))) {
            for (Path csv : csvs.filter(f -> f.toString().endsWith(".csv")).toList()) {
                Files.writeString(
                        copy.resolve("outcomes").resolve(csv.getFileName()),
                        Files.readAllLines(csv).get(0) + "\n");
            }
        }
        com.fasterxml.jackson.databind.node.ObjectNode summary = (com.fasterxml.jackson.databind.node.ObjectNode)
                EventJson.mapper().readTree(demo.resolve("summary.json").toFile());
        summary.put("model_version", "none").put("decisions", 0).put("eligible_activities", 0);
        summary.putObject("suppressed_by_rule");
        com.fasterxml.jackson.databind.node.ObjectNode holdout =
                (com.fasterxml.jackson.databind.node.ObjectNode) summary.get("holdout");
        List<String> numbers = new java.util.ArrayList<>();
        holdout.fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) {
                numbers.add(e.getKey());
            }
        });
        numbers.forEach(name -> holdout.put(name, 0));
        com.fasterxml.jackson.databind.node.ObjectNode incrementality = summary.putObject("incrementality");
        incrementality.putNull("estimate_cents").putNull("low_cents").putNull("high_cents");
        incrementality
                .put("planted_truth_cents", 0.0)
                .put("budgeted_routes", 0)
                .put("budgeted_truth_per_route_cents", 0.0)
                .put("brands", 0)
                .put("brands_with_enough_traffic", 0)
                .put("brands_covering_truth", 0);
        incrementality.putObject("by_brand");
        Files.writeString(copy.resolve("summary.json"), summary.toString());
        return copy;
    }

    private void executeAll(List<Path> all, Path demo, Path executed, int minPlots) throws Exception {
        Path notebooks = HOME.resolve("notebooks");
        for (Path notebook : all) {
            Path nbLog = executed.resolve(notebook.getFileName() + ".log");
            ProcessBuilder nbconvert = new ProcessBuilder(
                            "jupyter",
                            "nbconvert",
                            "--to",
                            "notebook",
                            "--execute",
                            "--ExecutePreprocessor.timeout=300",
                            "--output-dir",
                            executed.toString(),
                            notebook.toString())
                    .directory(notebooks.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(nbLog.toFile());
            nbconvert.environment().put("CHUANLIU_DEMO_DIR", demo.toString());
            Process run = nbconvert.start();
            assertThat(run.waitFor(5, TimeUnit.MINUTES) && run.exitValue() == 0)
                    .as(
                            "%s executes on %s; output:%n%s",
                            notebook.getFileName(), demo, Files.exists(nbLog) ? Files.readString(nbLog) : "")
                    .isTrue();
            JsonNode result = EventJson.mapper()
                    .readTree(executed.resolve(notebook.getFileName()).toFile());
            long plots = 0;
            for (JsonNode cell : result.path("cells")) {
                for (JsonNode output : cell.path("outputs")) {
                    assertThat(output.path("output_type").asText())
                            .as("%s: a cell failed", notebook.getFileName())
                            .isNotEqualTo("error");
                    plots += output.path("data").has("image/png") ? 1 : 0;
                }
            }
            assertThat(plots).as("plots drawn by %s", notebook.getFileName()).isGreaterThanOrEqualTo(minPlots);
        }
    }
}
