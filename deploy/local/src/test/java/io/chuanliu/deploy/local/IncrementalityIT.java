package io.chuanliu.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.deploy.local.demo.Incrementality;
import io.chuanliu.deploy.local.process.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental GMV recovered, not assumed: the demo on a 20,000-user market whose users buy in brand
 * rooms on their own and, when routed, buy more with a planted probability. The job's per-brand
 * estimate (routed against held out, from {@code routing-stats}) must contain the planted truth in
 * its 95% interval for all but as many of the brands with enough traffic as calibrated intervals would
 * miss in one run of two hundred ({@link #allowedMisses}), and the platform's estimate must be within
 * 10% of the platform's truth. (How often the per-brand interval covers on many simulated markets is
 * {@code IncrementalGmvTest}'s to check; one run of the demo holds 15-20 brands.)
 */
class IncrementalityIT {

    private static final Path HOME = Path.of(System.getProperty("chuanliu.home", "../.."))
            .toAbsolutePath()
            .normalize();

    @Test
    void shouldRecoverThePlantedIncrementalGmvPerBrandAndForThePlatform(@TempDir Path work) throws Exception {
        Path output = work.resolve("demo.out");
        List<String> command = new ArrayList<>(List.of(
                HOME.resolve("chuanliu").toString(),
                "demo",
                "--exit-when-done",
                "--work-dir",
                work.resolve("demo").toString(),
                "--users",
                "20000",
                "--brands",
                "40",
                "--rate",
                "0",
                "--holdout-fraction",
                "0.3",
                "--drain-timeout",
                "PT10M",
                "--kafka-port",
                String.valueOf(Ports.freePort()),
                "--flink-port",
                String.valueOf(Ports.freePort())));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(HOME.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("CHUANLIU_SKIP_BUILD", "1");
        Process demo = builder.start();
        boolean finished = demo.waitFor(20, TimeUnit.MINUTES);
        if (!finished) {
            demo.destroyForcibly();
        }
        String log = Files.readString(output);
        assertThat(finished).as("demo finished in time; output:%n%s", log).isTrue();
        assertThat(demo.exitValue()).as("demo exit code; output:%n%s", log).isZero();

        log.lines()
                .filter(line -> line.startsWith("incremental GMV")
                        || line.startsWith("per brand")
                        || line.startsWith("budgeted brands")
                        || line.startsWith("routed ")
                        || line.startsWith("held out"))
                .forEach(System.out::println);
        JsonNode inc = EventJson.mapper()
                .readTree(work.resolve("demo/summary.json").toFile())
                .path("incrementality");
        double truth = inc.path("planted_truth_cents").asDouble();
        assertThat(truth).as("routing added something to find").isPositive();
        assertThat(inc.path("estimate_cents").isNumber())
                .as("an estimate, not n/a: %s", inc)
                .isTrue();
        assertThat(inc.path("low_cents").asDouble())
                .isLessThanOrEqualTo(inc.path("estimate_cents").asDouble());
        assertThat(inc.path("estimate_cents").asDouble())
                .as("platform estimate against the planted truth; %s", inc)
                .isCloseTo(truth, within(0.10 * truth));

        int enough = inc.path("brands_with_enough_traffic").asInt();
        assertThat(enough)
                .as("brands with %d+ decisions in each group", Incrementality.ENOUGH_DECISIONS)
                .isGreaterThanOrEqualTo(10);
        assertThat(enough - inc.path("brands_covering_truth").asInt())
                .as("brands whose interval misses the truth, of %d; %s", enough, inc)
                .isLessThanOrEqualTo(allowedMisses(enough, 0.05, 0.005));
        assertThat(log).contains("incremental GMV", "planted truth");
    }

    /**
     * The most misses among {@code n} intervals, each missing with probability {@code miss}, that are exceeded
     * with probability below {@code risk}: the smallest m with P(Binomial(n, miss) > m) < risk. With 18 brands,
     * 95% intervals and a risk of 0.005 that is 4 (P(more than 4) = 0.0016). Asking for 90% of them (at most one
     * miss of 18) failed about one run in five by chance alone (P(two or more misses) = 0.23), as it did on
     * 2026-12-07 with 16 of 18.
     */
    static int allowedMisses(int n, double miss, double risk) {
        double tail = 1;
        double p = Math.pow(1 - miss, n);
        for (int m = 0; m <= n; m++) {
            tail -= p;
            if (tail < risk) {
                return m;
            }
            p *= (double) (n - m) / (m + 1) * miss / (1 - miss);
        }
        return n;
    }
}
