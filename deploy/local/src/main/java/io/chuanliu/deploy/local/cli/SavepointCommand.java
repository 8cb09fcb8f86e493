package io.chuanliu.deploy.local.cli;

import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.stack.FlinkRestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./chuanliu savepoint}: a savepoint of the running job, which keeps running unless {@code --stop}. */
@Command(
        name = "savepoint",
        description = {
            "Take a savepoint of a job on a Flink cluster and print where it is; with --stop the "
                    + "job stops with it (what an upgrade starts from).",
            "Exit code: 0 done, 1 the savepoint failed, 2 bad usage."
        })
public final class SavepointCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Mixin
    FlinkTarget target;

    @Option(
            names = "--dir",
            description = "Directory or URI the cluster writes savepoints to (default: .chuanliu/savepoints in the "
                    + "checkout; must be reachable by the JobManager).")
    String dir;

    @Option(names = "--stop", description = "Stop the job with the savepoint.")
    boolean stop;

    @Option(
            names = "--timeout",
            defaultValue = "PT5M",
            description = "How long the savepoint may take (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        FlinkRestClient rest = target.rest();
        String job = target.jobId(rest);
        Path directory = directory(dir);
        System.out.println((stop ? "stopping job " + job + " with a savepoint" : "savepoint of job " + job) + " into "
                + directory + " ...");
        String location =
                stop ? rest.stopWithSavepoint(job, directory, timeout) : rest.savepoint(job, directory, timeout);
        System.out.println("savepoint " + location);
        return 0;
    }

    static Path directory(String dir) {
        return Layout.fromSystemProperty().workDir(dir != null ? Path.of(dir) : null, "savepoints");
    }
}
