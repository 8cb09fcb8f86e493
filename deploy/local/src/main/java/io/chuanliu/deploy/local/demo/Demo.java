package io.chuanliu.deploy.local.demo;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.Conversion;
import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.stack.FlinkRestClient;
import io.chuanliu.deploy.local.stack.LocalFlink;
import io.chuanliu.deploy.local.stack.LocalKafka;
import io.chuanliu.deploy.local.stack.LocalSparkTraining;
import io.chuanliu.deploy.local.stack.LocalStack;
import io.chuanliu.deploy.local.stack.TopicBootstrap;
import io.chuanliu.generator.GenerationSummary;
import io.chuanliu.generator.MarketGenerator;
import io.chuanliu.generator.market.Market;
import io.chuanliu.generator.market.MarketConfig;
import io.chuanliu.generator.market.RoomResponse;
import io.chuanliu.generator.replay.EventReplayer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The whole loop on real parts: generate a market, train with Spark, start Kafka and Flink, submit
 * the job jar over REST, replay the backfill and the live day, wait for the job to consume it all,
 * and summarise what it wrote.
 */
public final class Demo {

    /** Options of one run. */
    public record Options(
            Path workDir,
            long seed,
            int users,
            int brands,
            double rate,
            int kafkaPort,
            int flinkPort,
            int parallelism,
            Duration drainTimeout,
            double holdoutFraction,
            String budgetPacing) {}

    private static final String JOB_NAME = "Chuanliu routing";
    /** The job's attribution.window (its default), for the planted truth of what it can attribute. */
    private static final Duration ATTRIBUTION_WINDOW = Duration.ofHours(2);
    /** Topics replayed before the day's traffic: what the job must know before it routes. */
    private static final java.util.Set<String> SETTINGS_TOPICS = java.util.Set.of(Topics.LIVE_SESSIONS, Topics.CONTROL);
    /** The job's suppression rules, as its metrics label them. */
    static final List<String> RULES = List.of(
            "opt_out",
            "quiet_hours",
            "daily_cap",
            "min_gap",
            "seller_score",
            "brand_daily_cap",
            "budget_pacing",
            "budget_exhausted");

    private final Layout layout;
    private final Options options;
    private final PrintStream out;
    private final long started = System.nanoTime();

    public Demo(Layout layout, Options options, PrintStream out) {
        this.layout = layout;
        this.options = options;
        this.out = out;
    }

    /** Runs the demo with the stack in {@code stack}; the caller decides when to stop it. */
    public DemoSummary run(LocalStack stack) throws Exception {
        Path work = Files.createDirectories(options.workDir());
        Path market = work.resolve("market");
        step(
                1,
                "market",
                "generating (seed " + options.seed() + ", " + options.users() + " users, " + options.brands()
                        + " brands)");
        MarketConfig marketConfig = MarketConfig.small(options.seed()).withSize(options.users(), options.brands());
        GenerationSummary generated = new MarketGenerator(marketConfig, false).generate(market);
        done(generated.historyOrders() + " expert orders and " + generated.historyEngagements()
                + " engagements of history, " + generated.liveEvents() + " live-day events");

        String version = "demo-" + options.seed();
        Path models = work.resolve("models");
        step(2, "training", "Spark local[2]: evaluation against baselines, publication gate, model");
        deleteRecursively(models.resolve(version));
        deleteRecursively(models.resolve("_rejects").resolve(version));
        LocalSparkTraining training = new LocalSparkTraining(layout, work.resolve("training"));
        LocalSparkTraining.Outcome trained = training.train(List.of(
                "--history",
                market.resolve("history").toString(),
                "--models",
                models.toString(),
                "--version",
                version,
                "--als.alphas",
                "20"));
        trained.report().forEach(line -> out.println("         " + line));
        done(
                trained.published()
                        ? "model " + version + " in " + models.resolve(version)
                        : "the gate refused model " + version + ": the job runs without one");

        step(3, "kafka", "KRaft broker on localhost:" + options.kafkaPort());
        deleteRecursively(work.resolve("kafka"));
        LocalKafka kafka = stack.add(new LocalKafka(layout, work.resolve("kafka"), options.kafkaPort()).start());
        List<String> topics = TopicBootstrap.createAll(kafka.bootstrapServers(), options.parallelism());
        if (trained.published()) {
            training.publish(models.resolve(version), kafka.bootstrapServers());
        }
        done(topics.size() + " topics, " + options.parallelism()
                + " partitions each (compacted: control, model-updates)"
                + (trained.published() ? "; model " + version + " announced on model-updates" : ""));

        step(4, "flink", "standalone session cluster (JobManager, TaskManager)");
        deleteRecursively(work.resolve("flink"));
        LocalFlink flink = stack.add(
                new LocalFlink(layout, work.resolve("flink"), options.flinkPort(), options.parallelism()).start());
        done("web UI " + flink.restUrl());

        step(5, "job", "uploading " + layout.streamingJobJar().getFileName() + " and running it");
        FlinkRestClient rest = new FlinkRestClient(flink.restUrl());
        String jarId = rest.uploadJar(layout.streamingJobJar());
        String jobId = rest.runJar(
                jarId,
                List.of(
                        "--kafka.bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--checkpoint.interval",
                        "5s",
                        // A day replays in seconds: partitions that fall silent must stop holding the watermark
                        // (and so attribution) back within seconds too.
                        "--watermark.idleness",
                        "2s",
                        // Per-brand stats are snapshots written at most this often: the summary reads the last.
                        "--stats.flush-interval",
                        "1s",
                        "--holdout.fraction",
                        String.valueOf(options.holdoutFraction()),
                        "--budget.pacing",
                        options.budgetPacing(),
                        "--job.name",
                        JOB_NAME),
                options.parallelism());
        rest.awaitRunning(jobId, Duration.ofMinutes(2));
        OutputTopics outputs = new OutputTopics(kafka.bootstrapServers());
        JobDrain drain = new JobDrain(rest, jobId, outputs, options.drainTimeout(), work.resolve("flink/log"));
        done("job " + jobId + " RUNNING");

        step(
                6,
                "replay",
                "backfill (the whole history), then the live day at "
                        + (options.rate() > 0 ? (long) options.rate() + " events/s" : "full speed"));
        EventReplayer replayer = new EventReplayer(kafka.bootstrapServers());
        Path day = market.resolve("live/events.jsonl");
        long backfill =
                replayer.replay(market.resolve("live/backfill.jsonl"), 0, false).records();
        long settings = replayer.replay(day, 0, false, e -> SETTINGS_TOPICS.contains(e.topic()))
                .records();
        // A day replayed in seconds would otherwise race the job's sources against each other: the
        // history, the day's sessions and the operators' settings must be in the job's state before
        // the day's traffic.
        drain.awaitConsumed(backfill + settings + (trained.published() ? 1 : 0));
        long live = replayer.replay(day, options.rate(), false, e -> !SETTINGS_TOPICS.contains(e.topic()))
                .records();
        long replayed = backfill + settings + live;
        done(replayed + " events");

        step(7, "drain", "waiting until the job has consumed every event and written its decisions");
        drain.awaitConsumed(replayed + (trained.published() ? 1 : 0));
        // At least once: a decision replayed after a restart carries the same id; count each once.
        List<RoutingDecision> decisions = drain
                .awaitAtLeast(
                        Topics.ROUTING_DECISIONS,
                        RoutingDecision.class,
                        rest.metricSum(jobId, "numDecisions"),
                        RoutingDecision::decisionId)
                .stream()
                .collect(Collectors.toMap(RoutingDecision::decisionId, d -> d, (a, b) -> a, LinkedHashMap::new))
                .values()
                .stream()
                .toList();
        done(decisions.size() + " decisions");

        step(8, "viewers", "the routed users answer: some buy in the brand's room, the job attributes and rewards");
        Path visits = market.resolve("live/room-visits.jsonl");
        RoomResponse roomResponse = new RoomResponse(new Market(marketConfig));
        long answered = new RoomVisits(roomResponse).write(decisions, visits);
        // The orders come after the day has been replayed: they are behind the watermark, so the job
        // judges each at once (and counts it in numLateOrders), against the decisions in its state.
        replayer.replay(visits, 0, false);
        replayed += answered;
        drain.awaitConsumed(replayed + (trained.published() ? 1 : 0));
        // Rewards and conversions are transactional: they appear when the next checkpoint completes.
        List<ExpertReward> rewards = drain.awaitAtLeast(
                Topics.EXPERT_REWARDS, ExpertReward.class, rest.metricSum(jobId, "numRewards"), ExpertReward::rewardId);
        List<Conversion> conversions = drain.awaitAtLeast(
                Topics.CONVERSIONS, Conversion.class, rest.metricSum(jobId, "numConversions"), Conversion::orderId);
        List<DeadLetter> deadLetters = outputs.readAll(Topics.DEAD_LETTERS, DeadLetter.class);
        long heldOut = rest.metricSum(jobId, "numHeldOutDecisions");
        Incrementality incrementality = Incrementality.of(
                drain.awaitStats(
                        decisions.size(),
                        heldOut,
                        conversions.stream().map(Conversion::orderId).distinct().count()),
                decisions,
                roomResponse,
                ATTRIBUTION_WINDOW.toMillis());
        done(answered + " brand-room orders from routed users; all consumed");

        String state = rest.jobs().stream()
                .filter(j -> j.id().equals(jobId))
                .map(FlinkRestClient.JobOverview::state)
                .findFirst()
                .orElse("UNKNOWN");
        Map<String, Long> byTopic = new TreeMap<>(generated.liveEventsByTopic());
        byTopic.put("backfill", backfill);
        byTopic.put("room-visits", answered);
        List<ModelRef> announced = outputs.readAll(Topics.MODEL_UPDATES, ModelRef.class);
        Map<String, Long> suppressed = new LinkedHashMap<>();
        for (String rule : RULES) {
            suppressed.put(rule, rest.metricSum(jobId, "rule." + rule + ".numSuppressed"));
        }
        DemoSummary summary = new DemoSummary(
                flink.restUrl(),
                jobId,
                JOB_NAME,
                state,
                announced.isEmpty()
                        ? "none"
                        : announced.get(announced.size() - 1).version(),
                trained.report(),
                replayed,
                byTopic,
                rest.metricSum(jobId, "numValidEvents"),
                deadLetters.size(),
                Tallies.countBy(deadLetters, d -> Tallies.reasonKind(d.reason())),
                rest.metricSum(jobId, "numEligibleActivities"),
                decisions.size(),
                decisions.stream().map(RoutingDecision::user).distinct().count(),
                Tallies.routedUsersByBrand(decisions),
                Tallies.countBy(
                        decisions, d -> d.reason().substring(0, d.reason().indexOf(':'))),
                suppressed,
                rest.metricSum(jobId, "numBudgetsExhausted"),
                rest.metricSum(jobId, "numRefusalsHeard"),
                rest.metricSum(jobId, "numRoutesTakenBack"),
                rest.metricSum(jobId, "numFoldIns"),
                HoldoutComparison.of(decisions.size(), heldOut, conversions),
                incrementality,
                RewardTotals.of(rewards),
                rest.metricSum(jobId, "numModelsLoaded"),
                rest.metricSum(jobId, "numModelsRejected"),
                (System.nanoTime() - started) / 1e9);
        Files.writeString(
                work.resolve("summary.json"),
                EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        List<RouteRefusal> refusals = outputs.readAll(Topics.ROUTING_REFUSALS, RouteRefusal.class);
        new OutcomeFiles(work.resolve("outcomes")).write(decisions, refusals, conversions, rewards, incrementality);
        new SummaryPrinter(out).print(summary);
        return summary;
    }

    private void step(int n, String what, String detail) {
        out.printf("[%d/8] %-8s %s ...%n", n, what, detail);
    }

    private void done(String detail) {
        out.printf("         %s (%.0f s)%n", detail, (System.nanoTime() - started) / 1e9);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        io.chuanliu.deploy.local.Directories.deleteRecursively(dir);
    }
}
