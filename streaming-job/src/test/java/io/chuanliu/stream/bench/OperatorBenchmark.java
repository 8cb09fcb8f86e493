package io.chuanliu.stream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.chuanliu.common.Topics;
import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.stream.functions.RoutingFunction;
import io.chuanliu.stream.records.BroadcastUpdate;
import io.chuanliu.stream.records.ModelUpdate;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.rules.OwnHistoryDefaults;
import io.chuanliu.stream.rules.QuietHours;
import io.chuanliu.stream.rules.RoutingRules;
import io.chuanliu.stream.testing.RoutingHarness;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * The routing operator alone, on one thread: {@link RoutingFunction} in Flink's operator test harness
 * with RocksDB state and the benchmark's model, fed the market's backfill (its history of orders and
 * engagements), then, with every brand live, the live day's user-keyed traffic at 20,000 events/s of
 * event time (as the streaming benchmark's fixed rate sends it). No broker, network or other stage:
 * what it prints is the operator's own cost per event, which sets the routing job's capacity
 * (docs/benchmarks.md, "which stage limits the backlog rate"). Each round opens a fresh harness.
 *
 * <p>Usage: {@code OperatorBenchmark <market dir>} with {@code -Dbench.model=<model dir>} (none:
 * no model), {@code -Dbench.rounds} [5], {@code -Dbench.slot-memory} [64m: what a slot of the streaming
 * benchmark's MiniCluster has] and {@code -Dbench.rocksdb=key=value,...} (state backend settings, e.g.
 * {@code state.backend.rocksdb.use-bloom-filter=true}); see {@code streaming-job/benchmark.sh}
 * ({@code BENCH_OPERATOR=1}).
 */
public final class OperatorBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final String MODEL = System.getProperty("bench.model", "");
    private static final int MAX_PARALLELISM = 1024;
    /** The fixed rate's spacing of event times: 20,000 events a second. */
    private static final double TRAFFIC_MICROS = 50;

    private OperatorBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path market = Path.of(args[0]);
        List<UserSignal> backfill = load(market.resolve("live/backfill.jsonl"));
        List<UserSignal> day = load(market.resolve("live/events.jsonl"));
        TreeSet<String> brands = new TreeSet<>();
        backfill.forEach(s -> brands.add(s.brand == null ? "" : s.brand));
        brands.remove("");
        System.out.printf(
                Locale.ROOT,
                "routing operator alone (harness, RocksDB, one thread); model: %s%nbackfill %d signals, live day %d "
                        + "signals, %d brands all live during the day%n",
                MODEL.isEmpty() ? "none" : MODEL,
                backfill.size(),
                day.size(),
                brands.size());
        System.out.println("round   backfill us/signal   live day us/signal   proposals");
        List<Double> backfillMicros = new ArrayList<>();
        List<Double> dayMicros = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            double[] r = round(backfill, day, brands);
            backfillMicros.add(r[0]);
            dayMicros.add(r[1]);
            System.out.printf(Locale.ROOT, "%5d %20.2f %20.2f %11.0f%n", round, r[0], r[1], r[2]);
        }
        System.out.printf(
                Locale.ROOT,
                "median of %d rounds: backfill %.2f us/signal (%.0f signals/s), live day %.2f us/signal (%.0f signals/s)%n",
                ROUNDS,
                median(backfillMicros),
                1e6 / median(backfillMicros),
                median(dayMicros),
                1e6 / median(dayMicros));
        System.exit(0);
    }

    /** One fresh operator: microseconds per backfill signal, per live-day signal, and the live day's proposals. */
    private static double[] round(List<UserSignal> backfill, List<UserSignal> day, TreeSet<String> brands)
            throws Exception {
        // The backfill is in user order: its first and last events are the earliest and latest of all.
        long first = backfill.stream().mapToLong(s -> s.eventTime).min().orElseThrow();
        long last = backfill.stream().mapToLong(s -> s.eventTime).max().orElseThrow();
        long liveFrom = last + 3_600_000L;
        try (KeyedBroadcastOperatorTestHarness<String, UserSignal, BroadcastUpdate, Proposal> harness = harness()) {
            if (!MODEL.isEmpty()) {
                Path dir = Path.of(MODEL).toAbsolutePath();
                harness.processBroadcastElement(
                        BroadcastUpdate.of(ModelUpdate.of(new ModelRef(
                                "affinity",
                                dir.getFileName().toString(),
                                dir.toUri().toString(),
                                Map.of(),
                                first))),
                        first);
            }
            long started = System.nanoTime();
            for (UserSignal s : backfill) {
                harness.processElement(s, s.eventTime);
            }
            double backfillMicros = (System.nanoTime() - started) / 1e3 / backfill.size();
            harness.getOutput().clear();
            for (String brand : brands) {
                LiveSession live = new LiveSession(
                        brand,
                        "bench-" + brand,
                        SessionStatus.LIVE,
                        liveFrom,
                        liveFrom + 6 * 3_600_000L,
                        List.of(),
                        liveFrom);
                harness.processBroadcastElement(BroadcastUpdate.of(SessionUpdate.of(live)), liveFrom);
            }
            long proposals = 0;
            started = System.nanoTime();
            for (int i = 0; i < day.size(); i++) {
                UserSignal s = day.get(i);
                s.eventTime = liveFrom + (long) (i * TRAFFIC_MICROS / 1000);
                harness.processElement(s, s.eventTime);
                if (i % 1_000 == 999) { // the harness's output queue counts its elements one by one
                    proposals += drain(harness);
                }
            }
            double dayMicros = (System.nanoTime() - started) / 1e3 / day.size();
            proposals += drain(harness);
            return new double[] {backfillMicros, dayMicros, proposals};
        }
    }

    private static final String DUMP = System.getProperty("bench.dump", "");
    private static java.io.PrintWriter dump;

    /** Counts and clears the harness's output; with {@code -Dbench.dump=<file>} also writes each proposal to it. */
    private static long drain(KeyedBroadcastOperatorTestHarness<String, UserSignal, BroadcastUpdate, Proposal> harness)
            throws java.io.IOException {
        long n = 0;
        if (!DUMP.isEmpty() && dump == null) {
            dump = new java.io.PrintWriter(Files.newBufferedWriter(Path.of(DUMP)), true);
        }
        for (Object o : harness.getOutput()) {
            if (o instanceof org.apache.flink.streaming.runtime.streamrecord.StreamRecord<?> r
                    && r.getValue() instanceof Proposal p) {
                n++;
                if (dump != null) {
                    dump.println(p.user + "," + p.brand + "," + p.activityTime + "," + p.expert);
                }
            }
        }
        harness.getOutput().clear();
        return n;
    }

    private static KeyedBroadcastOperatorTestHarness<String, UserSignal, BroadcastUpdate, Proposal> harness()
            throws Exception {
        RoutingRules rules = RoutingRules.defaults().withQuietHours(QuietHours.NONE);
        // One subtask owning every key group, so it opens every shard of the user store.
        var harness = RoutingHarness.of(
                new RoutingFunction(rules, "", OwnHistoryDefaults.HALF_LIFE, OwnHistoryDefaults.TTL), MAX_PARALLELISM);
        EmbeddedRocksDBStateBackend rocksDb = new EmbeddedRocksDBStateBackend();
        // As much memory as a slot of the streaming benchmark's MiniCluster has (its 128 MiB of managed memory over two
        // slots): the harness's own memory manager is a few pages, which keeps RocksDB flushing and compacting.
        rocksDb.getMemoryConfiguration()
                .setFixedMemoryPerSlot(MemorySize.parse(System.getProperty("bench.slot-memory", "64m")));
        org.apache.flink.configuration.Configuration extra = new org.apache.flink.configuration.Configuration();
        for (String kv : System.getProperty("bench.rocksdb", "").split(",")) {
            if (!kv.isBlank()) {
                extra.setString(kv.split("=")[0], kv.split("=")[1]);
            }
        }
        harness.setStateBackend(rocksDb.configure(extra, OperatorBenchmark.class.getClassLoader()));
        harness.open();
        return harness;
    }

    /** The user-keyed signals of a {@code live/*.jsonl} file, in file order; unreadable events are left out. */
    private static List<UserSignal> load(Path file) throws Exception {
        List<UserSignal> signals = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = EventJson.mapper().readTree(line);
                byte[] value = e.path("value").asText().getBytes(StandardCharsets.UTF_8);
                try {
                    UserSignal signal = switch (e.path("topic").asText()) {
                        case Topics.EXPERT_ORDERS ->
                            UserSignal.of(EventJson.mapper().readValue(value, ExpertOrder.class));
                        case Topics.ENGAGEMENTS ->
                            UserSignal.of(EventJson.mapper().readValue(value, Engagement.class));
                        case Topics.USER_ACTIVITY ->
                            UserSignal.of(EventJson.mapper().readValue(value, UserActivity.class));
                        default -> null;
                    };
                    if (signal != null && signal.user != null) {
                        signals.add(signal);
                    }
                } catch (java.io.IOException | RuntimeException invalid) {
                    // the market's deliberately corrupt events: the parser dead-letters them before this stage
                }
            }
        }
        return signals;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
