package io.chuanliu.deploy.local.stack;

import static io.chuanliu.deploy.local.stack.StackTestSupport.HOME;
import static io.chuanliu.deploy.local.stack.StackTestSupport.expertOrder;
import static io.chuanliu.deploy.local.stack.StackTestSupport.flink;
import static io.chuanliu.deploy.local.stack.StackTestSupport.kafkaWithTopics;
import static io.chuanliu.deploy.local.stack.StackTestSupport.producer;
import static io.chuanliu.deploy.local.stack.StackTestSupport.routedUsers;
import static io.chuanliu.deploy.local.stack.StackTestSupport.send;
import static io.chuanliu.deploy.local.stack.StackTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chuanliu.common.Topics;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.deploy.local.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink UI as an operator sees it, in a real browser: headless Chromium, driven by Playwright
 * ({@code src/test/browser/flink-ui-check.mjs}), opens the local stack's web UI, finds the running
 * Chuanliu job, opens its budget stage, adds the job's own {@code numDecisions} metric for every
 * subtask and reads the numbers the page shows; they must add up to the decisions the job made.
 * The screenshot is kept in {@code target/flink-ui/}.
 *
 * <p>Needs Node.js and Debian's Chromium ({@code apt-get install chromium}); without them the test
 * is skipped, unless {@code CHUANLIU_REQUIRE_BROWSER=1} (as CI sets) makes that a failure.
 */
class FlinkUiBrowserIT {

    private static final Path BROWSER_DIR = HOME.resolve("deploy/local/src/test/browser");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final long T0 = Instant.parse("2026-10-29T12:00:00Z").toEpochMilli(); // 20:00 in Asia/Shanghai
    private static final String JOB_NAME = "Chuanliu routing (browser check)";
    private static final int PARALLELISM = 2;
    private static final int BUYERS = 8;

    @Test
    void shouldShowTheRunningJobAndItsDecisionCountInTheFlinkUi(@TempDir Path work) throws Exception {
        requireBrowser();
        Layout layout = new Layout(HOME);
        Path screenshot = Files.createDirectories(HOME.resolve("deploy/local/target/flink-ui"))
                .resolve("flink-ui-numDecisions.png");
        Files.deleteIfExists(screenshot);
        try (LocalStack stack = new LocalStack()) {
            LocalKafka kafka = kafkaWithTopics(stack, layout, work, PARALLELISM);
            LocalFlink flink = stack.add(flink(layout, work, PARALLELISM).start());
            FlinkRestClient rest = new FlinkRestClient(flink.restUrl());
            String jobId = rest.runJar(
                    rest.uploadJar(layout.streamingJobJar()),
                    List.of("--kafka.bootstrap-servers", kafka.bootstrapServers(), "--job.name", JOB_NAME),
                    PARALLELISM);
            rest.awaitRunning(jobId, Duration.ofMinutes(2));

            // b1 goes live; eight expert buyers of b1 open the app: eight decisions, spread over the subtasks.
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
                send(
                        producer,
                        Topics.LIVE_SESSIONS,
                        "b1",
                        new LiveSession("b1", "s1", SessionStatus.LIVE, T0, T0 + 4 * 3_600_000L, List.of(), T0));
                waitFor(() -> rest.metricSum(jobId, "numGoLives") == 1);
                List<String> buyers = routedUsers("buyer", BUYERS);
                for (String user : buyers) {
                    send(producer, Topics.EXPERT_ORDERS, user, expertOrder("o-" + user, user, "e1", T0 - 3_600_000L));
                }
                waitFor(() -> rest.metricSum(jobId, "numExpertOrders") == BUYERS);
                for (String user : buyers) {
                    send(producer, Topics.USER_ACTIVITY, user, new UserActivity(user, "feed", T0 + 600_000L));
                }
                waitFor(() -> rest.metricSum(jobId, "numDecisions") == BUYERS);
            }

            JsonNode seen = runBrowserCheck(flink.restUrl(), screenshot, work.resolve("browser.log"));

            assertThat(seen.path("job_id").asText())
                    .as("the job the page opened")
                    .isEqualTo(jobId);
            assertThat(seen.path("values").size()).as("one metric per subtask").isEqualTo(PARALLELISM);
            assertThat(seen.path("sum").asLong())
                    .as("decisions the Flink UI shows")
                    .isEqualTo(BUYERS);
            assertThat(Files.size(screenshot)).as("screenshot bytes").isGreaterThan(20_000);
            rest.cancel(jobId);
        }
    }

    private static void requireBrowser() throws Exception {
        boolean required = "1".equals(System.getenv("CHUANLIU_REQUIRE_BROWSER"));
        String missing = !Files.isExecutable(CHROMIUM)
                ? CHROMIUM + " (apt-get install chromium)"
                : !onPath("node") ? "node (apt-get install nodejs npm)" : null;
        if (missing != null && required) {
            throw new AssertionError("CHUANLIU_REQUIRE_BROWSER=1 but " + missing + " is missing");
        }
        Assumptions.assumeTrue(missing == null, "browser check skipped: " + missing + " is missing");
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(BROWSER_DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(BROWSER_DIR.resolve("npm-ci.log").toFile())
                    .start();
            assertThat(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0)
                    .as("npm ci in %s; see npm-ci.log there", BROWSER_DIR)
                    .isTrue();
        }
    }

    private static JsonNode runBrowserCheck(String url, Path screenshot, Path log) throws Exception {
        Process node = new ProcessBuilder(
                        "node",
                        "flink-ui-check.mjs",
                        "--url",
                        url,
                        "--job",
                        JOB_NAME,
                        "--operator",
                        "Brand budgets and pacing",
                        "--metric",
                        "numDecisions",
                        "--screenshot",
                        screenshot.toString())
                .directory(BROWSER_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = node.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            node.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished && node.exitValue() == 0)
                .as("the browser check finished and passed; output:%n%s", output)
                .isTrue();
        String json = output.lines()
                .filter(line -> line.startsWith("{"))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no result line from the browser check; output:\n" + output));
        return EventJson.mapper().readTree(json);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
