package io.chuanliu.deploy.local.cli;

import io.chuanliu.deploy.local.stack.FlinkRestClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./chuanliu upgrade}: stop with a savepoint, then run the (new) jar from it. */
@Command(
        name = "upgrade",
        description = {
            "Upgrade a running job: stop it with a savepoint, upload the jar (the new build by "
                    + "default) and run it from that savepoint, with the job settings given here (they replace the old job's: pass them "
                    + "all, e.g. --kafka.bootstrap-servers again). Budgets, caps, eligibility and pending attributions carry over.",
            "Exit code: 0 the new job is RUNNING, 1 a step failed (the message says which and where the savepoint is), 2 bad usage."
        })
public final class UpgradeCommand extends JobStartingCommand implements Callable<Integer> {

    @Option(names = "--dir", description = "Where the savepoint goes (default: .chuanliu/savepoints in the checkout).")
    String dir;

    @Option(
            names = "--timeout",
            defaultValue = "PT5M",
            description = "How long each step may take (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        FlinkRestClient rest = target.rest();
        job.resolve(); // fail on a missing jar before stopping anything
        String old = target.jobId(rest);
        System.out.println("stopping job " + old + " with a savepoint ...");
        String savepoint = rest.stopWithSavepoint(old, SavepointCommand.directory(dir), timeout);
        System.out.println("savepoint " + savepoint);
        try {
            String id = submit(rest, savepoint, timeout);
            System.out.println("job " + id + " RUNNING from " + savepoint + " (was " + old + ")");
            return 0;
        } catch (Exception e) {
            System.err.println(
                    "the new job did not start: " + e.getMessage() + "\nthe old job's state is in " + savepoint
                            + "; run it again with ./chuanliu submit --from-savepoint " + savepoint + " <settings>");
            return 1;
        }
    }
}
