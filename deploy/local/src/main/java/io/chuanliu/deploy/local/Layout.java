package io.chuanliu.deploy.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the runner finds what the build produced. The {@code chuanliu} script passes the checkout's
 * root as {@code -Dchuanliu.home}; every path below is relative to it.
 */
public record Layout(Path home) {

    public static Layout fromSystemProperty() {
        String home = System.getProperty("chuanliu.home");
        if (home == null) {
            throw new IllegalStateException("-Dchuanliu.home is not set: start the runner with the ./chuanliu script");
        }
        return new Layout(Path.of(home).toAbsolutePath().normalize());
    }

    /** {@code given} made absolute, or {@code .chuanliu/<name>} in the checkout when none was given. */
    public Path workDir(Path given, String name) {
        return given != null
                ? given.toAbsolutePath()
                : home.resolve(".chuanliu").resolve(name);
    }

    public Path streamingJobJar() {
        return require(home.resolve("streaming-job/target/chuanliu-streaming-job-0.1.0-SNAPSHOT.jar"));
    }

    public String trainingClasspath() throws IOException {
        return require(home.resolve("batch-training/target/classes"))
                + java.io.File.pathSeparator
                + read("batch-training/target/classpath-runtime.txt")
                + java.io.File.pathSeparator
                + read("batch-training/target/classpath-spark.txt");
    }

    /**
     * {@link #trainingClasspath} with the training job's jar in place of its classes directory, for a JVM that maps a
     * {@link io.chuanliu.deploy.local.process.ClassArchive} (which takes classes from jars only); empty when the jar is
     * missing or older than a compiled class (built by {@code compile} after the last {@code package}).
     */
    public java.util.Optional<String> trainingJarClasspath() throws IOException {
        Path jar = home.resolve("batch-training/target/chuanliu-batch-training-0.1.0-SNAPSHOT.jar");
        Path classes = home.resolve("batch-training/target/classes");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(classes)) {
            return java.util.Optional.empty();
        }
        long packaged = Files.getLastModifiedTime(jar).toMillis();
        try (java.util.stream.Stream<Path> files = Files.walk(classes)) {
            boolean newer = files.filter(Files::isRegularFile).anyMatch(file -> {
                try {
                    return Files.getLastModifiedTime(file).toMillis() > packaged;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (newer) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(jar
                + java.io.File.pathSeparator
                + read("batch-training/target/classpath-runtime.txt")
                + java.io.File.pathSeparator
                + read("batch-training/target/classpath-spark.txt"));
    }

    public String kafkaClasspath() throws IOException {
        return read("deploy/runtime/kafka-broker/target/classpath.txt");
    }

    public String flinkClasspath() throws IOException {
        return read("deploy/runtime/flink-cluster/target/classpath.txt");
    }

    public Path flinkConfigTemplate() {
        return require(home.resolve("deploy/flink/config.yaml"));
    }

    public Path flinkLog4j() {
        return require(home.resolve("deploy/flink/log4j.properties"));
    }

    public Path kafkaLog4j() {
        return require(home.resolve("deploy/kafka/log4j2.properties"));
    }

    /**
     * The JVM flags spark-submit's launcher adds on JDK 17, which a plain {@code java} run of Spark
     * needs, and the vector module that lets MLlib's BLAS use SIMD instead of plain loops.
     */
    public String sparkJdkOptions() throws IOException {
        return read("deploy/spark/jdk17-options.txt");
    }

    /**
     * JVM options of the training job's driver (and executors): the throughput collector, which on two cores
     * took a tenth to a seventh off the wall time of the public log and of the 10^6 benchmark (docs/benchmarks.md).
     */
    public String sparkTrainingJvmOptions() throws IOException {
        return read("deploy/spark/training-jvm-options.txt");
    }

    /** The training job as spark-submit takes it: our classes and dependencies, without Spark's. */
    public Path trainingSubmitJar() {
        return require(home.resolve("batch-training/target/chuanliu-batch-training-0.1.0-SNAPSHOT-spark-submit.jar"));
    }

    /**
     * The jars of a Spark distribution ({@code $SPARK_HOME/jars}): Spark and its dependencies, among
     * them the Jackson and RocksDB the training job's submit jar leaves to Spark.
     */
    public java.util.List<Path> sparkDistributionJars() throws IOException {
        java.util.List<Path> jars = new java.util.ArrayList<>();
        for (String jar : read("batch-training/target/classpath-spark.txt").split(java.io.File.pathSeparator)) {
            jars.add(Path.of(jar));
        }
        // Of the job's own dependencies, the ones a Spark distribution also ships (Jackson, RocksDB, compression,
        // logging); the rest (our classes, Kafka's client, picocli) travel in the submit jar.
        for (String jar : read("batch-training/target/classpath-runtime.txt").split(java.io.File.pathSeparator)) {
            String name = Path.of(jar).getFileName().toString();
            if (!(name.startsWith("chuanliu-") || name.startsWith("kafka-clients-") || name.startsWith("picocli-"))) {
                jars.add(Path.of(jar));
            }
        }
        return jars;
    }

    public Path sparkLog4j() {
        return require(home.resolve("deploy/spark/log4j2.properties"));
    }

    private String read(String relative) throws IOException {
        return Files.readString(require(home.resolve(relative))).trim();
    }

    private static Path require(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing: build first with ./mvnw -DskipTests package");
        }
        return path;
    }
}
