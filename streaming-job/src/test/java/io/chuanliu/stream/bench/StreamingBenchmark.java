package io.chuanliu.stream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chuanliu.common.Topics;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.OrderChannel;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.stream.job.RoutingJob;
import io.chuanliu.stream.job.RoutingJobConfig;
import io.chuanliu.stream.testing.EmbeddedKafka;
import io.chuanliu.stream.testing.JobMetrics;
import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The streaming benchmark: a real KRaft broker and a Flink MiniCluster (RocksDB) in this JVM, on
 * this machine's cores.
 *
 * <ol>
 *   <li>Backlog: a generated market (its history as backfill, and a live day) is loaded into Kafka, then
 *       each job consumes it from the start: the passthrough and the minimal keyed job (the user-keyed
 *       topics), and the routing job (all its inputs). Sustained events/s = events / time from the
 *       first to the last event processed.</li>
 *   <li>Fixed rates: the routing job on fresh topics, fed the live day's traffic at a fixed rate with
 *       event times set to the wall clock, and probes (an expert order for a new user, then an
 *       activity every 25 ms) to time how soon an order makes its buyer routable.</li>
 * </ol>
 *
 * <p>Usage: {@code StreamingBenchmark <market dir> [rates, e.g. 2000,10000] [seconds per rate]}; see
 * {@code streaming-job/benchmark.sh}.
 */
public final class StreamingBenchmark {

    private static final int PARALLELISM = 2;
    private static final int PARTITIONS = 2;
    private static final List<String> USER_KEYED =
            List.of(Topics.USER_ACTIVITY, Topics.EXPERT_ORDERS, Topics.ENGAGEMENTS);
    private static final List<String> INPUTS = Topics.INPUTS;
    private static final List<String> OUTPUTS = Topics.OUTPUTS;
    private static final String PROBE_BRAND = "probe-brand";
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    /** False skips the backlog's rounds: only the fixed rates run (e.g. to profile them alone). */
    private static final boolean BACKLOG = Boolean.parseBoolean(System.getProperty("bench.backlog", "true"));
    /** A published model the routing job serves (user-store reads and the ranker on every eligible activity), or none. */
    private static final String MODEL = System.getProperty("bench.model", "");

    private final EmbeddedKafka kafka = new EmbeddedKafka();
    private final InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
    private final JobMetrics metrics = new JobMetrics(reporter);
    private MiniCluster flink;
    private Configuration cluster;

    /** One line of the generator's {@code live/*.jsonl}. */
    private record MarketRecord(long time, String topic, String key, byte[] value) {}

    public static void main(String[] args) throws Exception {
        Path market = Path.of(args[0]);
        List<Double> rates = args.length > 1
                ? java.util.Arrays.stream(args[1].split(","))
                        .map(Double::parseDouble)
                        .toList()
                : List.of(2_000.0, 10_000.0);
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        new StreamingBenchmark().run(market, rates, seconds);
        System.exit(0);
    }

    private void run(Path market, List<Double> rates, int seconds) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, JVM max heap %d MiB, Java %s%n",
                cores,
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        System.out.println("model: " + (MODEL.isEmpty() ? "none (set -Dbench.model)" : MODEL));
        List<MarketRecord> backfill = load(market.resolve("live/backfill.jsonl"));
        List<MarketRecord> day = load(market.resolve("live/events.jsonl"));
        kafka.start();
        cluster = reporter.addToConfiguration(new Configuration());
        cluster.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        // Checkpoints to files, as on a cluster (deploy/flink/config.yaml): without a directory Flink keeps them in the
        // JobManager's memory, which refuses a state over 5 MiB, and the routing state of a 100k-user market is larger,
        // so every checkpoint failed after doing all its work (found 2026-12-07).
        cluster.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                Files.createTempDirectory("chuanliu-bench-checkpoints").toUri().toString());
        // Further cluster settings for an experiment, e.g.
        // -Dbench.flink-config=state.backend.rocksdb.use-bloom-filter=true
        for (String setting : System.getProperty("bench.flink-config", "").split(",")) {
            if (!setting.isBlank()) {
                cluster.setString(
                        setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(cluster)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(PARALLELISM)
                .build());
        flink.start();
        try {
            Map<String, Double> backlog = BACKLOG ? backlog(backfill, day, cores) : Map.of();
            for (double rate : rates) {
                fixedRate(rate, seconds, backfill, day);
            }
            if (BACKLOG) {
                System.out.printf(
                        Locale.ROOT,
                        "%nratios at the maximum: routing / passthrough %.2f, routing / minimal keyed %.2f%n",
                        backlog.get("routing") / backlog.get("passthrough"),
                        backlog.get("routing") / backlog.get("keyed"));
            }
            System.out.printf(Locale.ROOT, "peak heap of this JVM (broker, Flink, benchmark): %d MiB%n", peakHeapMiB());
        } finally {
            flink.close();
            kafka.stop();
        }
    }

    private Map<String, Double> backlog(List<MarketRecord> backfill, List<MarketRecord> day, int cores)
            throws Exception {
        String prefix = "max.";
        createTopics(prefix);
        for (int round = 1; round <= ROUNDS; round++) {
            String roundPrefix = prefix + "r" + round + ".";
            List<String> outputs =
                    new ArrayList<>(OUTPUTS.stream().map(t -> roundPrefix + t).toList());
            outputs.add(prefix + "passthrough-out-" + round);
            outputs.add(prefix + "keyed-out-" + round);
            kafka.createTopics(PARTITIONS, outputs);
        }
        long all = 0;
        long userKeyed = 0;
        List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
        ProducerRecord<byte[], byte[]> model =
                modelAnnouncement(prefix, backfill.get(0).time());
        if (model != null) {
            batch.add(model);
            all++;
        }
        for (List<MarketRecord> part : List.of(backfill, day)) {
            for (MarketRecord r : part) {
                batch.add(new ProducerRecord<>(prefix + r.topic(), null, r.time(), bytes(r.key()), r.value()));
                all++;
                userKeyed += USER_KEYED.contains(r.topic()) ? 1 : 0;
                if (batch.size() == 10_000) {
                    kafka.sendAll(batch);
                    batch.clear();
                }
            }
        }
        kafka.sendAll(batch);
        System.out.printf(
                Locale.ROOT,
                "%nbacklog: %d events in Kafka (%d on the user-keyed topics), parallelism %d%n",
                all,
                userKeyed,
                PARALLELISM);
        System.out.println("job            events      seconds   events/s   events/s/core");
        List<String> userTopics = USER_KEYED.stream().map(t -> prefix + t).toList();
        // Each job runs ROUNDS times, interleaved, and the median counts: single runs of a few
        // seconds vary by tens of percent on a shared 2-core machine.
        Map<String, List<Double>> runs = new LinkedHashMap<>();
        long expectedRouting = all;
        for (int round = 1; round <= ROUNDS; round++) {
            long r = round;
            runs.computeIfAbsent("passthrough", k -> new ArrayList<>())
                    .add(measure(
                            "passthrough",
                            userKeyed,
                            cores,
                            List.of("numProcessed"),
                            env -> ReferenceJobs.passthrough(
                                    env, kafka.bootstrapServers(), userTopics, prefix + "passthrough-out-" + r)));
            runs.computeIfAbsent("keyed", k -> new ArrayList<>())
                    .add(measure(
                            "keyed",
                            userKeyed,
                            cores,
                            List.of("numProcessed"),
                            env -> ReferenceJobs.minimalKeyed(
                                    env, kafka.bootstrapServers(), userTopics, prefix + "keyed-out-" + r)));
            runs.computeIfAbsent("routing", k -> new ArrayList<>())
                    .add(measure(
                            "routing",
                            expectedRouting,
                            cores,
                            List.of("numValidEvents", "numDeadLetters"),
                            env -> new RoutingJob(config(prefix + "r" + r + ".", prefix, "earliest", "bench-max-" + r))
                                    .define(env)));
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        runs.forEach((job, values) -> rates.put(job, median(values)));
        System.out.printf(
                Locale.ROOT,
                "median of %d interleaved rounds: passthrough %.0f, keyed %.0f, routing %.0f events/s; "
                        + "routing / keyed per round %s%n",
                ROUNDS,
                rates.get("passthrough"),
                rates.get("keyed"),
                rates.get("routing"),
                perRoundRatios(runs.get("routing"), runs.get("keyed")));
        return rates;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String perRoundRatios(List<Double> routing, List<Double> keyed) {
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i < routing.size(); i++) {
            ratios.add(String.format(Locale.ROOT, "%.2f", routing.get(i) / keyed.get(i)));
        }
        return ratios.toString();
    }

    /** The benchmark model's announcement on {@code prefix}model-updates, or null without one. */
    private static ProducerRecord<byte[], byte[]> modelAnnouncement(String prefix, long time) {
        if (MODEL.isEmpty()) {
            return null;
        }
        Path dir = Path.of(MODEL).toAbsolutePath();
        io.chuanliu.common.events.ModelRef ref = new io.chuanliu.common.events.ModelRef(
                "affinity", dir.getFileName().toString(), dir.toUri().toString(), Map.of(), time);
        return new ProducerRecord<>(
                prefix + Topics.MODEL_UPDATES, null, time, bytes("affinity"), EventJson.toBytes(ref));
    }

    /** Runs one job over the backlog and returns its sustained events/s. */
    private double measure(
            String name, long expected, int cores, List<String> counters, Consumer<StreamExecutionEnvironment> define)
            throws Exception {
        JobID job = submit(define);
        long first = 0;
        long last = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        long done = 0;
        List<org.apache.flink.metrics.Counter> found = List.of();
        long foundAt = 0;
        while (System.nanoTime() < deadline) {
            if (done == 0 || System.nanoTime() - foundAt > Duration.ofSeconds(2).toNanos()) {
                // Looked up again every two seconds, as subtasks register theirs; read directly in between, so that
                // the benchmark's own polling takes little from the job it measures.
                found = counters.stream()
                        .flatMap(c -> metrics.counters(job, c).stream())
                        .toList();
                foundAt = System.nanoTime();
            }
            done = found.stream()
                    .mapToLong(org.apache.flink.metrics.Counter::getCount)
                    .sum();
            long now = System.nanoTime();
            if (done > 0 && first == 0) {
                first = now;
            }
            if (done >= expected) {
                last = now;
                break;
            }
            Thread.sleep(100);
        }
        if (Boolean.getBoolean("bench.task-load")) {
            printTaskLoad(name, job);
        }
        flink.cancelJob(job).get();
        if (last == 0) {
            throw new IllegalStateException(name + " processed " + done + " of " + expected + " events in 20 minutes");
        }
        double seconds = (last - first) / 1e9;
        double rate = expected / seconds;
        System.out.printf(Locale.ROOT, "%-12s %9d %10.1f %10.0f %12.0f%n", name, expected, seconds, rate, rate / cores);
        return rate;
    }

    /** Each task's busy and back-pressured milliseconds per second as Flink last measured them, per subtask. */
    private void printTaskLoad(String name, JobID job) {
        for (String metric : List.of("busyTimeMsPerSecond", "backPressuredTimeMsPerSecond")) {
            new java.util.TreeMap<>(reporter.findMetrics(job, metric)).forEach((id, value) -> {
                if (value instanceof org.apache.flink.metrics.Gauge<?> gauge) {
                    String task = id.replaceAll("^.*?\\.taskmanager\\.[^.]+\\.[^.]+\\.", "");
                    System.out.printf(Locale.ROOT, "  %s %s %s%n", name, task, gauge.getValue());
                }
            });
        }
    }

    private void fixedRate(double rate, int seconds, List<MarketRecord> backfill, List<MarketRecord> day)
            throws Exception {
        String prefix = "r" + (long) rate + ".";
        createTopics(prefix);
        long now = System.currentTimeMillis();
        // The backfill ends an hour ago; every brand (and the probes' brand) is live from an hour ago for six hours.
        long lastBackfill =
                backfill.stream().mapToLong(MarketRecord::time).max().orElse(now);
        long shift = now - Duration.ofHours(1).toMillis() - lastBackfill;
        List<ProducerRecord<byte[], byte[]>> setup = new ArrayList<>();
        TreeSet<String> brands = new TreeSet<>();
        brands.add(PROBE_BRAND);
        for (MarketRecord r : backfill) {
            setup.add(new ProducerRecord<>(
                    prefix + r.topic(), null, r.time() + shift, bytes(r.key()), withTime(r.value(), r.time() + shift)));
        }
        for (MarketRecord r : day) {
            if (r.topic().equals(Topics.LIVE_SESSIONS)) {
                JsonNode session = tree(r.value());
                if (session != null) {
                    brands.add(session.path("brand").asText());
                }
            } else if (r.topic().equals(Topics.CONTROL)) {
                setup.add(new ProducerRecord<>(
                        prefix + r.topic(), null, now - 60_000, bytes(r.key()), withTime(r.value(), now - 60_000)));
            }
        }
        for (String brand : brands) {
            LiveSession live = new LiveSession(
                    brand,
                    "bench-" + brand,
                    SessionStatus.LIVE,
                    now - 3_600_000,
                    now + 6 * 3_600_000,
                    List.of(),
                    now - 3_600_000);
            setup.add(new ProducerRecord<>(
                    prefix + Topics.LIVE_SESSIONS, null, live.eventTime(), bytes(brand), EventJson.toBytes(live)));
        }
        ProducerRecord<byte[], byte[]> model = modelAnnouncement(prefix, now - 3_600_000);
        if (model != null) {
            setup.add(model);
        }
        kafka.sendAll(setup);
        JobID job =
                submit(env -> new RoutingJob(config(prefix, prefix, "earliest", "bench-" + (long) rate)).define(env));
        long setupCount = setup.size();
        await(
                () -> metrics.counter(job, "numValidEvents") + metrics.counter(job, "numDeadLetters") >= setupCount,
                Duration.ofMinutes(5));
        if (model != null) {
            await(
                    () -> metrics.counter(job, "numModelsLoaded") + metrics.counter(job, "numModelsRejected")
                            >= PARALLELISM,
                    Duration.ofMinutes(2));
            System.out.printf(
                    Locale.ROOT,
                    "model: loaded by %d of %d routing subtasks%n",
                    metrics.counter(job, "numModelsLoaded"),
                    PARALLELISM);
        }

        List<MarketRecord> traffic =
                day.stream().filter(r -> USER_KEYED.contains(r.topic())).toList();
        Map<String, Long> probeOrders = new HashMap<>();
        long consumedBefore = consumed(job);
        long started = System.nanoTime();
        long end = started + Duration.ofSeconds(seconds).toNanos();
        double nanosPerEvent = 1e9 / rate;
        long sent = 0;
        int probe = 0;
        long nextProbe = started;
        List<ProducerRecord<byte[], byte[]>> pending = new ArrayList<>();
        List<long[]> probeActivities = new ArrayList<>();
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            if (t >= nextProbe) {
                String user = "probe-" + (long) rate + "-" + probe++;
                long orderTime = System.currentTimeMillis();
                ExpertOrder order = new ExpertOrder(
                        "probe-order-" + user,
                        user,
                        PROBE_BRAND,
                        "probe-item",
                        "probe-expert",
                        OrderChannel.EXPERT_LIVE,
                        100,
                        1,
                        orderTime,
                        false);
                pending.add(new ProducerRecord<>(
                        prefix + Topics.EXPERT_ORDERS, null, orderTime, bytes(user), EventJson.toBytes(order)));
                probeOrders.put(user, orderTime);
                probeActivities.add(new long[] {probe - 1, System.nanoTime()});
                nextProbe = t + 250_000_000L;
            }
            for (long[] p : probeActivities) {
                if (t >= p[1]) {
                    String user = "probe-" + (long) rate + "-" + p[0];
                    long at = System.currentTimeMillis();
                    UserActivity activity = new UserActivity(user, "probe", at);
                    pending.add(new ProducerRecord<>(
                            prefix + Topics.USER_ACTIVITY, null, at, bytes(user), EventJson.toBytes(activity)));
                    p[1] = t + 25_000_000L;
                }
            }
            probeActivities.removeIf(p -> t - started > 0
                    && probeOrders.get("probe-" + (long) rate + "-" + p[0]) < System.currentTimeMillis() - 2_000);
            long due = started + (long) (sent * nanosPerEvent);
            while (due <= System.nanoTime() && System.nanoTime() < end) {
                MarketRecord r = traffic.get((int) (sent % traffic.size()));
                long at = System.currentTimeMillis();
                pending.add(
                        new ProducerRecord<>(prefix + r.topic(), null, at, bytes(r.key()), withTime(r.value(), at)));
                sent++;
                due = started + (long) (sent * nanosPerEvent);
            }
            kafka.sendAsync(pending);
            pending.clear();
            LockSupport.parkNanos(Math.max(0, Math.min(due, nextProbe) - System.nanoTime()));
        }
        kafka.flush();
        double window = (System.nanoTime() - started) / 1e9;
        long consumedInWindow = consumed(job) - consumedBefore;
        if (Boolean.getBoolean("bench.task-load")) {
            printTaskLoad("fixed-" + (long) rate, job);
        }
        long expected = sentTotal(probeOrders.size(), sent);
        await(() -> consumed(job) - consumedBefore >= expected, Duration.ofMinutes(2));
        double drained = (System.nanoTime() - started) / 1e9;
        Thread.sleep(2_000);
        List<RoutingDecision> decisions = kafka.readAll(prefix + Topics.ROUTING_DECISIONS).stream()
                .map(ConsumerRecord::value)
                .map(StreamingBenchmark::decision)
                .toList();
        // Traffic decisions only: a go-live reminder's time is the session start, not a produced activity.
        long[] latency = decisions.stream()
                .filter(d -> !d.user().startsWith("probe-") && !d.reason().startsWith("reminder:"))
                .mapToLong(d -> d.decidedAt() - d.activityTime())
                .toArray();
        Map<String, Long> firstRouted = new HashMap<>();
        for (RoutingDecision d : decisions) {
            if (d.user().startsWith("probe-")) {
                firstRouted.merge(d.user(), d.activityTime(), Math::min);
            }
        }
        long[] routable = firstRouted.entrySet().stream()
                .mapToLong(e -> e.getValue() - probeOrders.get(e.getKey()))
                .toArray();
        flink.cancelJob(job).get();
        System.out.printf(
                Locale.ROOT,
                "%nfixed rate %.0f events/s for %d s: sent %d (%.0f/s); consumed %.0f/s during the window, all "
                        + "consumed %.1f s after the start%n",
                rate,
                seconds,
                sent,
                sent / window,
                consumedInWindow / window,
                drained);
        System.out.printf(
                Locale.ROOT,
                "  decisions %d (%d on traffic); decision latency (activity produced -> decided): %s%n",
                decisions.size(),
                latency.length,
                new Percentiles(latency));
        System.out.printf(
                Locale.ROOT,
                "  order-to-routable (order produced -> first routed activity, 25 ms probe step): %s; "
                        + "%d of %d probes routed%n",
                new Percentiles(routable),
                routable.length,
                probeOrders.size());
    }

    private static long sentTotal(int probes, long sent) {
        return sent + probes; // at least the traffic and one order per probe; probe activities come on top
    }

    private long consumed(JobID job) {
        return metrics.counter(job, "numValidEvents") + metrics.counter(job, "numDeadLetters");
    }

    /** The routing job reading {@code inputPrefix} topics and writing {@code outputPrefix} topics. */
    private RoutingJobConfig config(String outputPrefix, String inputPrefix, String offsets, String group) {
        List<String> args = new ArrayList<>(List.of(
                "--kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "--kafka.starting-offsets",
                offsets,
                "--kafka.group-id",
                group,
                "--kafka.transactional-id-prefix",
                group,
                "--routing.quiet-hours",
                "none",
                "--watermark.idleness",
                "2s"));
        String bufferTimeout = System.getProperty("bench.buffer-timeout", "");
        if (!bufferTimeout.isEmpty()) {
            args.addAll(List.of("--job.buffer-timeout", bufferTimeout));
        }
        // Any other routing-job settings (BENCH_JOB_ARGS of benchmark.sh), e.g. --checkpoint.interval 60s.
        String jobArgs = System.getProperty("bench.job-args", "").trim();
        if (!jobArgs.isEmpty()) {
            args.addAll(List.of(jobArgs.split("\\s+")));
        }
        for (String topic : INPUTS) {
            args.addAll(List.of("--topic." + topic, inputPrefix + topic));
        }
        for (String topic : OUTPUTS) {
            args.addAll(List.of("--topic." + topic, outputPrefix + topic));
        }
        return RoutingJobConfig.fromArgs(args.toArray(String[]::new));
    }

    private JobID submit(Consumer<StreamExecutionEnvironment> define) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(10_000);
        env.getConfig().enableObjectReuse(); // as the routing job does, so the references are no less tuned
        define.accept(env);
        JobID job = flink.submitJob(env.getStreamGraph()).get().getJobID();
        await(() -> flink.getJobStatus(job).get() == JobStatus.RUNNING, Duration.ofMinutes(1));
        return job;
    }

    private void createTopics(String prefix) throws Exception {
        List<String> topics = new ArrayList<>();
        INPUTS.forEach(t -> topics.add(prefix + t));
        OUTPUTS.forEach(t -> topics.add(prefix + t));
        topics.add(prefix + "passthrough-out");
        topics.add(prefix + "keyed-out");
        kafka.createTopics(PARTITIONS, topics);
    }

    private static List<MarketRecord> load(Path file) throws Exception {
        List<MarketRecord> records = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode e = EventJson.mapper().readTree(line);
                    records.add(new MarketRecord(
                            e.path("time").asLong(),
                            e.path("topic").asText(),
                            e.path("key").asText(null),
                            e.path("value").asText().getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        return records;
    }

    private static RoutingDecision decision(byte[] value) {
        try {
            return EventJson.mapper().readValue(value, RoutingDecision.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable decision", e);
        }
    }

    private static JsonNode tree(byte[] value) {
        try {
            return EventJson.mapper().readTree(value);
        } catch (Exception e) {
            return null;
        }
    }

    /** The event with its event_time replaced; a corrupt event is sent as it is. */
    private static byte[] withTime(byte[] value, long time) {
        JsonNode tree = tree(value);
        if (!(tree instanceof ObjectNode object) || !object.has("event_time")) {
            return value;
        }
        object.put("event_time", time);
        try {
            return EventJson.mapper().writeValueAsBytes(object);
        } catch (Exception e) {
            return value;
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
