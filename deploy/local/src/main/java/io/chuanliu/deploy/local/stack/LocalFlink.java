package io.chuanliu.deploy.local.stack;

import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.process.JavaCommand;
import io.chuanliu.deploy.local.process.ManagedProcess;
import io.chuanliu.deploy.local.process.Ports;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flink standalone session cluster (one JobManager with the web UI, one TaskManager or
 * {@link #taskManagers several}) started as child JVMs from Maven-resolved jars, with memory flags computed by Flink's BashJavaUtils exactly as
 * Flink's own start scripts do. With {@link #highAvailability} the JobManager keeps its leadership,
 * job graphs and checkpoints in ZooKeeper and a storage directory, so a new JobManager started after
 * {@link #killJobManager} recovers the running jobs.
 */
public final class LocalFlink implements AutoCloseable {

    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private final Layout layout;
    private final Path dir;
    private final int restPort;
    private final int slots;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private ManagedProcess jobManager;
    private final List<ManagedProcess> taskManagers = new ArrayList<>();
    private int taskManagerCount = 1;
    private String classpath;
    private String javaOpts;
    private Path conf;
    private int jobManagerStarts;

    public LocalFlink(Layout layout, Path dir, int restPort, int slots) {
        this.layout = layout;
        this.dir = dir;
        this.restPort = restPort;
        this.slots = slots;
    }

    /** Starts {@code count} TaskManager processes of {@code slots} slots each, instead of one. */
    public LocalFlink taskManagers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one TaskManager, not " + count);
        }
        this.taskManagerCount = count;
        return this;
    }

    /** ZooKeeper high availability: leader election and job recovery through {@code quorum}, metadata under {@code storage}. */
    public LocalFlink highAvailability(String quorum, Path storage) {
        settings.put("high-availability.type", "zookeeper");
        settings.put("high-availability.zookeeper.quorum", quorum);
        settings.put("high-availability.storageDir", storage.toUri());
        settings.put("high-availability.cluster-id", "chuanliu-local");
        return this;
    }

    public String restUrl() {
        return "http://localhost:" + restPort;
    }

    public LocalFlink start() throws Exception {
        Ports.requireFree(restPort, "Flink REST and web UI", "--flink-port");
        conf = Files.createDirectories(dir.resolve("conf"));
        Path logs = Files.createDirectories(dir.resolve("log"));
        FlinkConfigFile config = FlinkConfigFile.read(layout.flinkConfigTemplate())
                .set("rest.port", restPort)
                .set("taskmanager.numberOfTaskSlots", slots)
                .set("parallelism.default", slots)
                .set("io.tmp.dirs", Files.createDirectories(dir.resolve("tmp")))
                .set("execution.checkpointing.dir", dir.resolve("checkpoints").toUri())
                .set(
                        "execution.checkpointing.savepoint-dir",
                        dir.resolve("savepoints").toUri())
                .set("web.upload.dir", Files.createDirectories(dir.resolve("uploads")));
        settings.forEach(config::set);
        config.write(conf.resolve("config.yaml"));
        Files.copy(
                layout.flinkLog4j(),
                conf.resolve("log4j.properties"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        classpath = layout.flinkClasspath();
        javaOpts = config.get("env.java.opts.all");
        jobManager = startJobManager();
        List<String> tm = resourceParams(classpath, conf, "GET_TM_RESOURCE_PARAMS");
        for (int i = 0; i < taskManagerCount; i++) {
            String role = i == 0 ? "taskmanager" : "taskmanager-" + i;
            taskManagers.add(ManagedProcess.start(
                    "flink-" + role,
                    JavaCommand.of("org.apache.flink.runtime.taskexecutor.TaskManagerRunner")
                            .classpath(classpath)
                            .jvmLine(tm.get(0))
                            .jvmLine(javaOpts == null ? "" : javaOpts)
                            .jvm(logging(conf, logs, role))
                            .args("--configDir", conf.toString())
                            .args(dynamicProperties(tm.get(1)))
                            .build(),
                    dir,
                    logs.resolve(role + ".out")));
        }
        new FlinkRestClient(restUrl()).awaitTaskManagers(taskManagerCount, Duration.ofSeconds(90), processes());
        return this;
    }

    private ManagedProcess startJobManager() throws Exception {
        Path logs = logDirectory();
        String role = jobManagerStarts++ == 0 ? "jobmanager" : "jobmanager-" + jobManagerStarts;
        List<String> jm = resourceParams(classpath, conf, "GET_JM_RESOURCE_PARAMS");
        return ManagedProcess.start(
                "flink-" + role,
                JavaCommand.of("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint")
                        .classpath(classpath)
                        .jvmLine(jm.get(0))
                        .jvmLine(javaOpts == null ? "" : javaOpts)
                        .jvm("--add-opens=java.base/java.util=ALL-UNNAMED")
                        .jvm(logging(conf, logs, role))
                        .args("--configDir", conf.toString())
                        .args(dynamicProperties(jm.get(1)))
                        .build(),
                dir,
                logs.resolve(role + ".out"));
    }

    private ManagedProcess[] processes() {
        List<ManagedProcess> all = new ArrayList<>(taskManagers);
        all.add(0, jobManager);
        return all.toArray(ManagedProcess[]::new);
    }

    /** Kills the JobManager process (SIGKILL), as a lost machine would; the TaskManagers keep running. */
    public void killJobManager() throws InterruptedException {
        jobManager.kill();
    }

    /** Starts a new JobManager on the same port and configuration; with high availability it recovers the jobs. */
    public void startNewJobManager() throws Exception {
        jobManager = startJobManager();
        new FlinkRestClient(restUrl()).awaitTaskManagers(taskManagerCount, Duration.ofSeconds(90), processes());
    }

    private static String[] logging(Path conf, Path logs, String role) {
        return new String[] {
            "-Dlog.file=" + logs.resolve("flink-" + role + ".log"),
            "-Dlog4j.configuration=file:" + conf.resolve("log4j.properties"),
            "-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties")
        };
    }

    /** Runs BashJavaUtils and returns its two results: JVM flags, then dynamic properties. */
    private static List<String> resourceParams(String classpath, Path conf, String command) throws Exception {
        Process process = new ProcessBuilder(JavaCommand.of("org.apache.flink.runtime.util.bash.BashJavaUtils")
                        .classpath(classpath)
                        .args(command, "--configDir", conf.toString())
                        .build())
                .redirectErrorStream(true)
                .start();
        List<String> results = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith(RESULT_PREFIX)) {
                    results.add(line.substring(RESULT_PREFIX.length()));
                }
            }
        }
        if (process.waitFor() != 0 || results.size() < 2) {
            throw new IllegalStateException("Flink's BashJavaUtils " + command + " failed:\n" + output);
        }
        return results.subList(results.size() - 2, results.size());
    }

    /** "-D a=1 -D b=2" -> ["-D", "a=1", "-D", "b=2"]. */
    private static List<String> dynamicProperties(String line) {
        List<String> args = new ArrayList<>();
        for (String token : line.trim().split("\\s+")) {
            if (!token.isEmpty()) {
                args.add(token);
            }
        }
        return args;
    }

    public Path logDirectory() {
        return dir.resolve("log");
    }

    @Override
    public void close() {
        taskManagers.forEach(ManagedProcess::close);
        if (jobManager != null) {
            jobManager.close();
        }
    }
}
