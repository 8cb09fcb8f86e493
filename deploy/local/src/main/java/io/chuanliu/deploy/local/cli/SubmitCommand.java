package io.chuanliu.deploy.local.cli;

import io.chuanliu.deploy.local.stack.FlinkRestClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./chuanliu submit}: upload the routing job's jar to any Flink cluster and run it, from a savepoint or not. */
@Command(
        name = "submit",
        description = {
            "Upload the streaming job's jar to a Flink cluster over REST and run it, with every "
                    + "--key value of streaming-job/README.md passed to the job (e.g. --kafka.bootstrap-servers host:9092), from a "
                    + "savepoint or not; waits until every task is RUNNING and prints the job id.",
            "Exit code: 0 running, 1 the cluster refused or the job failed, 2 bad usage."
        })
public final class SubmitCommand extends JobStartingCommand implements Callable<Integer> {

    @Option(
            names = "--from-savepoint",
            description = "Savepoint or retained checkpoint to restore the job's state from.")
    String savepoint;

    @Option(
            names = "--timeout",
            defaultValue = "PT2M",
            description = "How long to wait for RUNNING (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        FlinkRestClient rest = target.rest();
        String id = submit(rest, savepoint, timeout);
        System.out.println("job " + id + " RUNNING on " + target.url
                + (savepoint != null ? " (restored from " + savepoint + ")" : ""));
        return 0;
    }
}
