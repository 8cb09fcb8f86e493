package io.chuanliu.deploy.local.cli;

import io.chuanliu.deploy.local.stack.FlinkRestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * What the verbs that start the routing job share: the cluster, the jar, and every argument picocli does not know,
 * which is passed to the job as its settings.
 */
abstract class JobStartingCommand {

    @Mixin
    HelpOption help;

    @Mixin
    FlinkTarget target;

    @Mixin
    JobJar job;

    @Unmatched
    List<String> jobArgs = new ArrayList<>();

    /** Uploads the jar, runs it (from {@code savepoint} unless null) and waits until it runs; returns the job id. */
    final String submit(FlinkRestClient rest, String savepoint, Duration timeout) throws Exception {
        var jar = job.resolve();
        System.out.println("uploading " + jar.getFileName() + " ...");
        String jarId = rest.uploadJar(jar);
        String id = savepoint == null
                ? rest.runJar(jarId, jobArgs, job.parallelism)
                : rest.runJarFromSavepoint(jarId, jobArgs, job.parallelism, savepoint);
        rest.awaitRunning(id, timeout);
        return id;
    }
}
