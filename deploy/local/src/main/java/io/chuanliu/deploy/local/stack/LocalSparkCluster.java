package io.chuanliu.deploy.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.process.JavaCommand;
import io.chuanliu.deploy.local.process.ManagedProcess;
import io.chuanliu.deploy.local.process.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster (a master and workers) started as child JVMs from the Maven-resolved
 * Spark jars, and {@code spark-submit} against it. Workers start executors as separate JVMs, as on a
 * real cluster, from a Spark home whose {@code jars/} links the same jars a Spark distribution
 * ships; the application jar is the training job's {@code -spark-submit} jar, shipped by the driver.
 */
public final class LocalSparkCluster implements AutoCloseable {

    /** The driver's heap: what the driver collects must be bounded by brands, not users (issue 16). */
    public static final String DRIVER_HEAP = "1g";

    private final Layout layout;
    private final Path dir;
    private final int port;
    private final int webUiPort;
    private final int workers;
    private final int coresPerWorker;
    private final String memoryPerWorker;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private Path sparkHome;

    /**
     * @param port the master's port; its web UI (and JSON status) is on {@code webUiPort}
     * @param memoryPerWorker what each worker offers its executors, e.g. {@code 1g}
     */
    public LocalSparkCluster(
            Layout layout, Path dir, int port, int webUiPort, int workers, int coresPerWorker, String memoryPerWorker) {
        this.layout = layout;
        this.dir = dir;
        this.port = port;
        this.webUiPort = webUiPort;
        this.workers = workers;
        this.coresPerWorker = coresPerWorker;
        this.memoryPerWorker = memoryPerWorker;
    }

    /** The driver's last run's garbage-collection log ({@code -Xlog:gc}): its heap after each collection. */
    public Path driverGcLog() {
        return dir.resolve("log").resolve("driver-gc.log");
    }

    public String masterUrl() {
        return "spark://localhost:" + port;
    }

    public LocalSparkCluster start() throws Exception {
        Ports.requireFree(port, "Spark master", "--spark-port");
        Ports.requireFree(webUiPort, "Spark master web UI", "--spark-ui-port");
        sparkHome = sparkHome();
        Path logs = Files.createDirectories(dir.resolve("log"));
        processes.add(ManagedProcess.start(
                "spark-master",
                daemon("org.apache.spark.deploy.master.Master")
                        .args(
                                "--host",
                                "localhost",
                                "--port",
                                String.valueOf(port),
                                "--webui-port",
                                String.valueOf(webUiPort))
                        .build(),
                environment(),
                dir,
                logs.resolve("master.out")));
        for (int i = 0; i < workers; i++) {
            Path work = Files.createDirectories(dir.resolve("worker-" + i));
            processes.add(ManagedProcess.start(
                    "spark-worker-" + i,
                    daemon("org.apache.spark.deploy.worker.Worker")
                            .args(
                                    "--host",
                                    "localhost",
                                    "--webui-port",
                                    "0",
                                    "--cores",
                                    String.valueOf(coresPerWorker),
                                    "--memory",
                                    memoryPerWorker,
                                    "--work-dir",
                                    work.toString(),
                                    masterUrl())
                            .build(),
                    environment(),
                    dir,
                    logs.resolve("worker-" + i + ".out")));
        }
        awaitWorkers(Duration.ofSeconds(90));
        return this;
    }

    /**
     * Runs {@code spark-submit --master <this cluster> --deploy-mode client --class mainClass <submit
     * jar> args} in a child JVM and returns its exit code; its output goes to {@code log}. The driver (the
     * spark-submit JVM in client mode) has a heap of {@value #DRIVER_HEAP} and logs its collections to
     * {@link #driverGcLog()}, so what it holds can be read after the run.
     *
     * @param conf Spark settings ({@code spark.executor.memory} ...), passed as {@code --conf}
     */
    public int submit(String mainClass, Map<String, String> conf, List<String> args, Path log) throws Exception {
        return submit(mainClass, conf, args, log, Duration.ofMinutes(30));
    }

    /** {@link #submit(String, Map, List, Path)}, giving up (and stopping the driver) after {@code timeout}. */
    public int submit(String mainClass, Map<String, String> conf, List<String> args, Path log, Duration timeout)
            throws Exception {
        List<String> submit =
                new ArrayList<>(List.of("--master", masterUrl(), "--deploy-mode", "client", "--class", mainClass));
        conf.forEach((key, value) -> submit.addAll(List.of("--conf", key + "=" + value)));
        submit.add(layout.trainingSubmitJar().toString());
        submit.addAll(args);
        ManagedProcess driver = ManagedProcess.start(
                "spark-submit",
                JavaCommand.of("org.apache.spark.deploy.SparkSubmit")
                        .classpath(classpath())
                        .jvm("-Xmx" + DRIVER_HEAP)
                        .jvm("-Xlog:gc:file=" + driverGcLog())
                        .jvmLine(layout.sparkJdkOptions())
                        .jvm("-Dlog4j2.configurationFile=" + layout.sparkLog4j().toUri())
                        .args(submit)
                        .build(),
                environment(),
                dir,
                log);
        try (driver) {
            return driver.waitFor(timeout.toMinutes(), TimeUnit.MINUTES);
        }
    }

    private JavaCommand daemon(String mainClass) throws IOException {
        return JavaCommand.of(mainClass)
                .classpath(classpath())
                .jvm("-Xmx512m")
                .jvmLine(layout.sparkJdkOptions())
                .jvm("-Dlog4j2.configurationFile=" + layout.sparkLog4j().toUri());
    }

    /** What spark-class would put on the classpath: the distribution's jars. */
    private String classpath() throws IOException {
        return String.join(
                java.io.File.pathSeparator,
                layout.sparkDistributionJars().stream().map(Path::toString).toList());
    }

    /** Where workers find the jars for their executors' classpath (and the Scala version their launcher asks for). */
    private Map<String, String> environment() {
        return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1");
    }

    private Path sparkHome() throws IOException {
        Path home = dir.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (Path jar : layout.sparkDistributionJars()) {
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, jar);
            }
        }
        Files.createDirectories(home.resolve("conf"));
        Files.copy(
                layout.sparkLog4j(),
                home.resolve("conf/log4j2.properties"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return home;
    }

    private void awaitWorkers(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ManagedProcess p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(
                            p.name() + " exited during start-up; see " + p.log() + ":\n" + p.logTail(30));
                }
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + webUiPort + "/json/"))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode status = new ObjectMapper().readTree(response.body());
                if (status.path("aliveworkers").asInt() >= workers) {
                    return;
                }
            } catch (IOException notYet) {
                // the master's web UI is not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                workers + " Spark workers did not register within " + timeout + "; see " + dir.resolve("log"));
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }
}
