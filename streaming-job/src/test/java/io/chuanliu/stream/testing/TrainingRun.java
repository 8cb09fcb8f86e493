package io.chuanliu.stream.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Spark training job of this checkout ({@code batch-training}, built earlier in the reactor)
 * in a child JVM on local[2], with the JDK 17 flags and log configuration the local stack uses. Spark
 * and Flink stay in separate JVMs, as on a platform.
 */
public final class TrainingRun {

    private static final Path HOME =
            Path.of(System.getProperty("user.dir")).resolve("..").normalize();

    private TrainingRun() {}

    /** Trains; fails with the log's path unless the model was published (exit 0). */
    public static void train(Path work, List<String> args) throws Exception {
        run(work, "io.chuanliu.training.job.TrainingJob", "training", args);
    }

    /**
     * Trains on the history under {@code work/history} into {@code models/version} with a small ALS grid and a
     * gate that publishes whatever it measures (these tests are about what a published model does, not whether a
     * small market's lead is certain), then {@code more} settings.
     */
    public static void trainPublishingAny(Path work, String models, String version, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--history",
                work.resolve("history").toString(),
                "--models",
                models,
                "--version",
                version,
                "--als.alphas",
                "20",
                "--gate.confidence",
                "0",
                "--gate.min-lift",
                "-1"));
        args.addAll(Arrays.asList(more));
        train(work, args);
    }

    /** Verifies a model directory (any Hadoop URI) and announces it on model-updates, as {@code ./chuanliu publish} does. */
    public static void publish(Path work, List<String> args) throws Exception {
        run(work, "io.chuanliu.training.job.PublishModel", "publish", args);
    }

    private static void run(Path work, String mainClass, String name, List<String> args) throws Exception {
        Path log = work.resolve(name + ".log");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
        command.addAll(Arrays.asList(read("deploy/spark/jdk17-options.txt").split("\\s+")));
        command.addAll(List.of(
                "-Dspark.master=local[2]",
                "-Dspark.ui.enabled=false",
                "-Dspark.sql.shuffle.partitions=4",
                "-Dspark.local.dir=" + Files.createDirectories(work.resolve("spark-tmp")),
                "-Dlog4j2.configurationFile="
                        + HOME.resolve("deploy/spark/log4j2.properties").toUri(),
                "-cp",
                HOME.resolve("batch-training/target/classes")
                        + File.pathSeparator
                        + read("batch-training/target/classpath-runtime.txt")
                        + File.pathSeparator
                        + read("batch-training/target/classpath-spark.txt"),
                mainClass));
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish within 20 minutes; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(name + " exited " + process.exitValue()
                    + " (training: 3 is the gate refusing the model); see " + log + ":\n"
                    + String.join(
                            "\n",
                            Files.readAllLines(log).stream()
                                    .filter(l -> !l.contains(" INFO "))
                                    .limit(60)
                                    .toList()));
        }
    }

    private static String read(String relative) throws Exception {
        Path file = HOME.resolve(relative);
        if (!Files.exists(file)) {
            throw new AssertionError(
                    file + " is missing: build batch-training first (./mvnw -pl batch-training -am package)");
        }
        return Files.readString(file).strip();
    }
}
