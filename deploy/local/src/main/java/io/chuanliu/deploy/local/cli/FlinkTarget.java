package io.chuanliu.deploy.local.cli;

import io.chuanliu.deploy.local.stack.FlinkRestClient;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Option;

/** The cluster and job a verb acts on: {@code --flink-url} and {@code --job} (default: the one running job). */
public final class FlinkTarget {

    @Option(
            names = "--flink-url",
            defaultValue = "http://localhost:8081",
            description = "REST URL of the Flink cluster (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--job", description = "Job id (default: the only RUNNING job on the cluster).")
    String job;

    FlinkRestClient rest() {
        return new FlinkRestClient(url.replaceAll("/+$", ""));
    }

    /** The job to act on; fails with a message naming the running jobs when there is not exactly one and none was given. */
    String jobId(FlinkRestClient rest) throws IOException, InterruptedException {
        if (job != null) {
            return job;
        }
        List<FlinkRestClient.JobOverview> running =
                rest.jobs().stream().filter(j -> j.state().equals("RUNNING")).toList();
        if (running.size() != 1) {
            throw new UsageException(
                    running.isEmpty()
                            ? "no job is RUNNING on " + url
                            : "several jobs are RUNNING on " + url + "; choose one with --job: "
                                    + running.stream()
                                            .map(j -> j.id() + " (" + j.name() + ")")
                                            .toList());
        }
        return running.get(0).id();
    }

    /** A mistake in what the user asked for: printed without a stack trace, exit code 2. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
