package io.chuanliu.deploy.local.stack;

import static io.chuanliu.deploy.local.stack.StackTestSupport.HOME;
import static io.chuanliu.deploy.local.stack.StackTestSupport.expertOrder;
import static io.chuanliu.deploy.local.stack.StackTestSupport.flink;
import static io.chuanliu.deploy.local.stack.StackTestSupport.freePort;
import static io.chuanliu.deploy.local.stack.StackTestSupport.jobArgs;
import static io.chuanliu.deploy.local.stack.StackTestSupport.kafkaWithTopics;
import static io.chuanliu.deploy.local.stack.StackTestSupport.routedUser;
import static io.chuanliu.deploy.local.stack.StackTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chuanliu.common.Topics;
import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.ControlKind;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.deploy.local.ChuanliuLocal;
import io.chuanliu.deploy.local.Layout;
import io.chuanliu.generator.output.LiveEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The operator's verbs as a user types them, against a real broker and a standalone Flink cluster:
 * {@code stack} comes up and down; {@code submit} runs the job; {@code replay} feeds it a file;
 * {@code savepoint} leaves it running; {@code upgrade} stops it with a savepoint and runs the jar
 * again from it; mistakes exit with 2 and a message.
 */
class ChuanliuVerbsIT {

    private static final long T0 = Instant.parse("2026-10-29T12:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final int PARALLELISM = 2;

    @BeforeAll
    static void runFromTheCheckout() {
        System.setProperty("chuanliu.home", HOME.toString());
    }

    @Test
    void shouldStartTheStackAndStopItAgain(@TempDir Path work) throws Exception {
        Result stack = run(
                "stack",
                "--work-dir",
                work.toString(),
                "--kafka-port",
                String.valueOf(freePort()),
                "--flink-port",
                String.valueOf(freePort()),
                "--exit-when-up");

        assertThat(stack.exit).as(stack.output).isZero();
        assertThat(stack.output).contains("The stack is up", "topics", "Flink UI", "http://localhost:", "stopped.");
    }

    @Test
    void shouldSubmitReplaySavepointAndUpgradeTheJobFromTheCommandLine(@TempDir Path work) throws Exception {
        Layout layout = new Layout(HOME);
        try (LocalStack stack = new LocalStack()) {
            LocalKafka kafka = kafkaWithTopics(stack, layout, work, PARALLELISM);
            LocalFlink flink = stack.add(flink(layout, work, PARALLELISM).start());
            FlinkRestClient rest = new FlinkRestClient(flink.restUrl());
            String[] jobSettings = jobArgs(kafka.bootstrapServers()).toArray(String[]::new);

            Result submitted = run(
                    concat(new String[] {"submit", "--flink-url", flink.restUrl(), "--parallelism", "2"}, jobSettings));
            assertThat(submitted.exit).as(submitted.output).isZero();
            String first = group(submitted.output, "job ([0-9a-f]{32}) RUNNING");

            String user = routedUser("verbs");
            // The sources read each topic on its own: the brand goes live and the expert's buyer is known before the
            // user comes.
            Path setup = work.resolve("setup.jsonl");
            writeEvents(
                    setup,
                    List.of(
                            event(
                                    Topics.LIVE_SESSIONS,
                                    "b1",
                                    new LiveSession(
                                            "b1", "s1", SessionStatus.LIVE, T0, T0 + 240 * MINUTE, List.of(), T0)),
                            event(
                                    Topics.CONTROL,
                                    "b1",
                                    new ControlEvent(
                                            ControlKind.BRAND_BUDGET, null, "b1", null, null, null, null, 5L, T0)),
                            event(Topics.EXPERT_ORDERS, user, expertOrder("o1", user, "e1", T0 - 60 * MINUTE))));
            Result replayed = run(
                    "replay",
                    "--file",
                    setup.toString(),
                    "--kafka.bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--kafka.client",
                    "linger.ms=0");
            assertThat(replayed.exit).as(replayed.output).isZero();
            assertThat(replayed.output).contains("replayed 3 events");
            waitFor(() -> rest.metricSum(first, "numGoLives") == 1
                    && rest.metricSum(first, "numBudgetUpdates") == 1
                    && rest.metricSum(first, "numExpertOrders") == 1);
            Path visit = work.resolve("visit.jsonl");
            writeEvents(
                    visit,
                    List.of(event(Topics.USER_ACTIVITY, user, new UserActivity(user, "feed", T0 + 10 * MINUTE))));
            assertThat(run("replay", "--file", visit.toString(), "--kafka.bootstrap-servers", kafka.bootstrapServers())
                            .exit)
                    .isZero();
            waitFor(() -> rest.metricSum(first, "numValidEvents") == 4 && rest.metricSum(first, "numDecisions") == 1);

            Result savepoint = run(
                    "savepoint",
                    "--flink-url",
                    flink.restUrl(),
                    "--dir",
                    work.resolve("savepoints").toString());
            assertThat(savepoint.exit).as(savepoint.output).isZero();
            assertThat(Path.of(URI.create(group(savepoint.output, "savepoint (file:\\S+)"))))
                    .isDirectory();
            assertThat(state(rest, first))
                    .as("a savepoint without --stop leaves the job running")
                    .isEqualTo("RUNNING");

            Result upgraded = run(concat(
                    new String[] {
                        "upgrade",
                        "--flink-url",
                        flink.restUrl(),
                        "--dir",
                        work.resolve("savepoints").toString()
                    },
                    jobSettings));
            assertThat(upgraded.exit).as(upgraded.output).isZero();
            String second = group(upgraded.output, "job ([0-9a-f]{32}) RUNNING from");
            String restoredFrom = group(upgraded.output, "RUNNING from (\\S+) ");
            assertThat(state(rest, first)).isEqualTo("FINISHED");
            assertThat(restoredPath(flink.restUrl(), second))
                    .as("the new job restored the upgrade's savepoint")
                    .isEqualTo(restoredFrom);

            Result noJar = run(
                    "submit",
                    "--flink-url",
                    flink.restUrl(),
                    "--jar",
                    work.resolve("missing.jar").toString());
            assertThat(noJar.exit).isEqualTo(2);
            assertThat(noJar.output).contains("no job jar at");
            rest.cancel(second);
            waitFor(() -> state(rest, second).equals("CANCELED"));
            Result noJob = run("savepoint", "--flink-url", flink.restUrl());
            assertThat(noJob.exit).isEqualTo(2);
            assertThat(noJob.output).contains("no job is RUNNING on " + flink.restUrl());
        }
    }

    private record Result(int exit, String output) {}

    /** Runs one verb in this JVM, as ./chuanliu would, and returns its exit code with everything it printed. */
    private static synchronized Result run(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            CommandLine line = ChuanliuLocal.commandLine();
            line.setErr(new PrintWriter(err, true));
            int exit = line.execute(args);
            return new Result(exit, captured.toString(StandardCharsets.UTF_8) + err);
        } finally {
            System.setOut(stdout);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'%s' in:%n%s", regex, text).isTrue();
        return m.group(1);
    }

    private static LiveEvent event(String topic, String key, Event value) {
        return new LiveEvent(
                value.eventTime(), topic, key, new String(EventJson.toBytes(value), StandardCharsets.UTF_8));
    }

    private static void writeEvents(Path file, List<LiveEvent> events) throws Exception {
        List<String> lines = new ArrayList<>();
        for (LiveEvent e : events) {
            lines.add(EventJson.mapper().writeValueAsString(e));
        }
        Files.write(file, lines);
    }

    private static String state(FlinkRestClient rest, String job) throws Exception {
        return rest.jobs().stream()
                .filter(j -> j.id().equals(job))
                .map(FlinkRestClient.JobOverview::state)
                .findFirst()
                .orElse("?");
    }

    private static String restoredPath(String flinkUrl, String job) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(flinkUrl + "/jobs/" + job + "/checkpoints"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode restored =
                EventJson.mapper().readTree(response.body()).path("latest").path("restored");
        return restored.path("external_path").asText();
    }
}
