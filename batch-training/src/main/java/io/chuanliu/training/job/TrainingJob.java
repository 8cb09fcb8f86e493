package io.chuanliu.training.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.xxhash64;

import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.model.BrandFactors;
import io.chuanliu.common.model.ModelFiles;
import io.chuanliu.common.model.UserStoreLayout;
import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.training.evaluation.EvaluationResult;
import io.chuanliu.training.evaluation.GateFailedException;
import io.chuanliu.training.evaluation.ModelEvaluation;
import io.chuanliu.training.evaluation.PublicationGate;
import io.chuanliu.training.evaluation.TimeSplit;
import io.chuanliu.training.features.InteractionFeatures;
import io.chuanliu.training.input.Interactions;
import io.chuanliu.training.input.RejectedInputException;
import io.chuanliu.training.model.AffinityModel;
import io.chuanliu.training.model.Audiences;
import io.chuanliu.training.model.BlendRanker;
import io.chuanliu.training.model.BrandSides;
import io.chuanliu.training.model.CandidatePool;
import io.chuanliu.training.model.ExpertMatcher;
import io.chuanliu.training.publish.ModelAnnouncer;
import io.chuanliu.training.publish.ModelPublisher;
import io.chuanliu.training.publish.ModelWriter;
import io.chuanliu.training.publish.UserStoreWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Daily training, in one Spark application: read and validate interactions; evaluate on a time
 * split against baselines (choosing ALS hyperparameters and training the combiner on the validation
 * window); stop unless the model passes the publication gate; refit on all data and write
 * {@code models/<version>/}: brand factors, audiences, expert matches, the sharded user store,
 * evaluation files and, last, the manifest.
 *
 * <p>Exit codes of {@link #main}: 0 published, 2 bad settings or input, 3 the gate refused the model.
 */
public final class TrainingJob {

    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_GATE_FAILED = 3;
    /** The model was written and passed the gate, but announcing it failed: publish it again with ./chuanliu publish. */
    public static final int EXIT_NOT_ANNOUNCED = 4;

    private final SparkSession spark;
    private final TrainingConfig config;

    public TrainingJob(SparkSession spark, TrainingConfig config) {
        this.spark = spark;
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        TrainingConfig config;
        try {
            config = TrainingConfig.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("chuanliu-training: " + e.getMessage());
            System.exit(EXIT_BAD_INPUT);
            return;
        }
        String logFile = quietLogging();
        if (logFile != null) {
            System.out.println("Spark's log: " + java.nio.file.Path.of(logFile).toAbsolutePath());
        }
        SparkSession spark = SparkSession.builder()
                .appName("chuanliu-training")
                .config(sparkDefaults(new org.apache.spark.SparkConf()))
                .getOrCreate();
        int exit = 0;
        try {
            TrainingResult result = new TrainingJob(spark, config).run();
            System.out.printf(
                    "model %s published to %s in %.1f s%n",
                    result.version(), result.uri(), result.elapsedMillis() / 1000.0);
            if (config.announcement() != null) {
                exit = announce(spark, result, config.announcement());
            }
        } catch (GateFailedException e) {
            System.err.println("chuanliu-training: " + e.getMessage());
            exit = EXIT_GATE_FAILED;
        } catch (RejectedInputException | IllegalArgumentException e) {
            System.err.println("chuanliu-training: " + e.getMessage());
            exit = EXIT_BAD_INPUT;
        } finally {
            spark.stop();
        }
        System.exit(exit);
    }

    /** Verifies the written model as the publisher does and announces it; the exit code. */
    private static int announce(SparkSession spark, TrainingResult result, TrainingConfig.Announcement to) {
        try {
            ModelRef ref = new ModelPublisher(spark.sparkContext().hadoopConfiguration()).verify(result.uri());
            ModelAnnouncer.announce(ref, to.bootstrapServers(), to.topic(), to.client());
            System.out.printf("model %s announced on %s at %s%n", ref.version(), to.topic(), to.bootstrapServers());
            return 0;
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("chuanliu-training: model " + result.version() + " was written to " + result.uri()
                    + " but not announced: " + e.getMessage() + "; announce it with ./chuanliu publish --model "
                    + result.uri());
            return EXIT_NOT_ANNOUNCED;
        }
    }

    /** Spark's cache of generated code holds this many classes unless the submitter set another size. */
    static final int GENERATED_CLASSES_KEPT = 1_000;

    /**
     * The job's own defaults, each only where the submitter's configuration (spark-submit, {@code spark.*} system
     * properties) is silent. Spark's cache of generated code keeps {@value #GENERATED_CLASSES_KEPT} classes instead of
     * its 100: one run plans about 250 distinct ones, so at 100 it compiled about 350 (4.9 s of Janino on the driver on
     * a 100k-row log) where 250 do (3.8 s).
     */
    static org.apache.spark.SparkConf sparkDefaults(org.apache.spark.SparkConf submitted) {
        return submitted.setIfMissing("spark.sql.codegen.cache.maxEntries", String.valueOf(GENERATED_CLASSES_KEPT));
    }

    /**
     * Without a log4j configuration of the caller's, Spark's INFO log goes to a file and only warnings
     * reach the console (its INFO log is hundreds of thousands of lines for a small file).
     *
     * @return the log file, or null when the caller configured logging
     */
    private static String quietLogging() {
        if (System.getProperty("log4j2.configurationFile") != null) {
            return null;
        }
        try {
            org.apache.logging.log4j.core.config.Configurator.reconfigure(TrainingJob.class
                    .getResource("/chuanliu-training-log4j2.properties")
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return System.getProperty("chuanliu.training.log", "chuanliu-training.log");
    }

    public TrainingResult run() throws Exception {
        long started = System.nanoTime();
        StageTimer timer = new StageTimer(System.out);
        DriverResults driverResults = new DriverResults();
        spark.sparkContext().addSparkListener(driverResults);
        ModelWriter writer =
                new ModelWriter(spark.sparkContext().hadoopConfiguration(), config.models() + "/" + config.version());
        writer.requireUnpublished();
        writer.clear();

        ValidInteractions input = ValidInteractions.read(spark, config);
        Dataset<Row> interactions = input.valid();
        Row span = interactions
                .agg(min("time"), max("time"), countDistinct("brand"), count(lit(1)))
                .first();
        long oldest = span.getLong(0);
        long newest = span.getLong(1);
        long catalogue = span.getLong(2);
        ValidInteractions.sizeShufflesTo(spark, span.getLong(3));
        timer.done("read", span.getLong(3), "interactions");

        long cut = config.splitTime() != null
                ? config.splitTime().toEpochMilli()
                : newest - config.horizon().toMillis();
        EvaluationResult evaluation = new ModelEvaluation(config, timer::step)
                .run(interactions, new TimeSplit(cut, config.horizon().toMillis()), catalogue);
        System.out.print(EvaluationTable.text(evaluation));
        writer.writeJson(ModelFiles.EVALUATION, EvaluationTable.json(evaluation));
        writer.writeText(ModelFiles.EVALUATION_CSV, EvaluationTable.csv(evaluation));
        writer.writeCsv(ModelFiles.TEST_TOP_K, evaluation.modelTopK().orderBy("user", "rank"));
        timer.done("evaluate", evaluation.testUsers(), "test users");

        PublicationGate.Verdict verdict = new PublicationGate(
                        config.gateMetric(), config.gateBaseline(), config.gateMinLift(), config.gateConfidence())
                .judge(evaluation);
        System.out.println("gate: " + verdict.message());
        if (!verdict.passed()) {
            throw new GateFailedException("model " + config.version() + " not published: " + verdict.message()
                    + "; evaluation in " + writer.directory());
        }

        Dataset<Row> userBrand = InteractionFeatures.userBrand(interactions, config.halfLife(), newest)
                .cache();
        AffinityModel model = config.affinityTrainer()
                .fit(userBrand.select("user", "brand", "confidence"), evaluation.rank(), evaluation.alpha());
        Dataset<Row> userFactors = model.userFactors().cache();
        // The brand side the stream ranks with: factors, popularity and co-occurrence neighbours as of the newest
        // interaction.
        BrandSide side = BrandSides.collect(
                InteractionFeatures.brandBuyers(interactions), userBrand, model, CandidatePool.NEIGHBOURS_PER_BRAND);
        List<BrandFactors> brands = side.lines();
        writer.writeJsonLines(ModelFiles.BRAND_FACTORS, brands);
        long users = userFactors.count();
        timer.done("fit", users, "users with factors");

        // Who bought what through which expert, read from the interactions once for the audiences and the matches.
        Dataset<Row> expertSales = Interactions.purchases(interactions)
                .where(col("expert").isNotNull())
                .select("expert", "brand", "user")
                .distinct()
                .cache();
        Dataset<Row> expertUsers = expertSales.select("expert", "user");
        // A log without sales through experts (most public logs) has no buyers to find look-alikes of: ranking every
        // user's strongest brands for them would be work for an empty table.
        Dataset<Row> audiences = (expertSales.isEmpty()
                        ? Audiences.none(spark)
                        : Audiences.build(
                                expertSales.select("brand", "user"),
                                userFactors,
                                model.strongestBrands(config.audienceBrandsPerUser()),
                                config.lookalikesPerBuyer(),
                                config.maxAudience()))
                .cache();
        audiences.write().mode("overwrite").parquet(writer.directory() + "/" + ModelFiles.AUDIENCES);
        writer.writeCsv(ModelFiles.AUDIENCE_SIZES, Audiences.sizes(audiences));
        writer.writeCsv(
                ModelFiles.EXPERT_MATCHES,
                ExpertMatcher.match(expertUsers, model, userFactors, audiences, config.matchesPerBrand()));
        writer.writeCsv("experts.csv", InteractionFeatures.experts(interactions).orderBy("expert"));
        long audienceMembers = audiences.count();
        expertSales.unpersist();
        timer.done("audiences", audienceMembers, "audience members");

        Dataset<Row> lookalikeBrands = audiences
                .where(col("source").equalTo(Audiences.LOOKALIKE))
                // Sorted: the order collect_list yields depends on how the shuffle was fetched, and the store must not.
                .groupBy("user")
                .agg(org.apache
                        .spark
                        .sql
                        .functions
                        .array_sort(collect_list("brand"))
                        .alias("audience"));
        UserStoreLayout layout = new UserStoreWriter(
                        config.maxParallelism(),
                        config.shards(),
                        writer.directory().toString(),
                        spark.sparkContext().hadoopConfiguration())
                .write(userFactors.join(lookalikeBrands, new String[] {"user"}, "left"), model.rank());
        writer.writeJson(ModelFiles.USER_STORE_LAYOUT, layout);
        timer.done(
                "user_store",
                layout.shards().stream().mapToLong(UserStoreLayout.Shard::users).sum(),
                "users stored");

        int sampleUsers = servingSampleUsers(config, side.size());
        if (sampleUsers > 0) {
            // What the published model scores at its cut-off, for a sample of users and every brand: a stream serving
            // this model computes the same for the same history (the parity test checks it).
            Dataset<Row> sampled = userFactors
                    .select("user")
                    .orderBy(xxhash64(col("user"), lit(config.seed())), col("user"))
                    .limit(sampleUsers);
            Dataset<Row> candidates = CandidatePool.everyBrand().build(side, userBrand, newest, sampled, model);
            writer.writeCsv(
                    ModelFiles.SERVING_SAMPLE,
                    BlendRanker.score(candidates, evaluation.ranker())
                            .select("user", "brand", "score")
                            .orderBy("user", "brand"));
            candidates.unpersist();
        }
        userBrand.unpersist();
        timer.done("serving_sample", Math.min(sampleUsers, users), "users sampled");

        Map<String, Long> rowCounts = new LinkedHashMap<>();
        rowCounts.put("interactions", span.getLong(3));
        rowCounts.put("purchases", Interactions.purchases(interactions).count());
        rowCounts.put("users", users);
        rowCounts.put("brands", (long) brands.size());
        rowCounts.put("audience_members", audienceMembers);
        writer.writeManifest(TrainingManifest.of(
                config, evaluation, verdict, oldest, newest, rowCounts, layout, writer.checksums()));
        timer.done("manifest");
        spark.sparkContext().removeSparkListener(driverResults);
        System.out.printf(
                "driver: peak heap %d MiB; task results received %.1f KiB, the largest stage's %.1f KiB%n",
                StageTimer.peakHeapBytes() / (1 << 20),
                driverResults.totalBytes() / 1024.0,
                driverResults.largestStageBytes() / 1024.0);
        userFactors.unpersist();
        audiences.unpersist();
        input.close();
        return new TrainingResult(
                config.version(),
                writer.directory().toString(),
                rowCounts,
                evaluation,
                verdict,
                timer.millis(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The serving sample's users: {@code publish.serving-sample-users}, fewer when that many users times
     * every brand would exceed {@code publish.serving-sample-max-rows} (at least one user when any is asked).
     */
    static int servingSampleUsers(TrainingConfig config, int brands) {
        if (config.servingSampleUsers() == 0) {
            return 0;
        }
        long byRows = config.servingSampleMaxRows() / Math.max(1, brands);
        return (int) Math.max(1, Math.min(config.servingSampleUsers(), byRows));
    }
}
