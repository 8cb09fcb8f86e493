package io.chuanliu.deploy.local.cli;

import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.demo.Demo;
import io.chuanliu.deploy.local.stack.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./chuanliu demo}: the all-in-one local run, then the stack stays up until Ctrl-C. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Generate a market, train, start Kafka and Flink, submit the job, replay a day and summarise.")
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--work-dir",
            description = "Where the run keeps its files (default: .chuanliu/demo in the checkout).")
    Path workDir;

    @Option(names = "--seed", defaultValue = "42", description = "Market seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--users", defaultValue = "2000", description = "Users in the market (default ${DEFAULT-VALUE}).")
    int users;

    @Option(
            names = "--brands",
            defaultValue = "120",
            description = "Brands in the market: enough that buyers keep finding new "
                    + "ones, so the ranker's lead over own history is real (default ${DEFAULT-VALUE}).")
    int brands;

    @Option(
            names = "--rate",
            defaultValue = "5000",
            description = "Live-day replay rate in events/s; 0 for full speed (default ${DEFAULT-VALUE}).")
    double rate;

    @Mixin
    LocalPorts ports;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Job parallelism, task slots and partitions (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--drain-timeout",
            defaultValue = "PT5M",
            description = "How long to wait for the job to consume the replay (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(
            names = "--holdout-fraction",
            defaultValue = "0.1",
            description = "The job's holdout.fraction: share of users chosen "
                    + "but never routed, against whom the incremental GMV is measured (default ${DEFAULT-VALUE}).")
    double holdoutFraction;

    @Option(
            names = "--budget-pacing",
            defaultValue = "first-come",
            description = "The job's budget.pacing: first-come or value (default ${DEFAULT-VALUE}).")
    String budgetPacing;

    @Option(
            names = "--exit-when-done",
            description = "Stop everything after the summary instead of keeping the stack up until Ctrl-C.")
    boolean exitWhenDone;

    @Override
    public Integer call() throws Exception {
        Layout layout = Layout.fromSystemProperty();
        Demo.Options options = new Demo.Options(
                layout.workDir(workDir, "demo"),
                seed,
                users,
                brands,
                rate,
                ports.kafka,
                ports.flink,
                parallelism,
                drainTimeout,
                holdoutFraction,
                budgetPacing);
        LocalStack stack = new LocalStack();
        try {
            var summary = new Demo(layout, options, System.out).run(stack);
            if (!exitWhenDone) {
                System.out.printf(
                        "%nThe stack is up: Flink UI %s, Kafka localhost:%d. Press Ctrl-C to stop it.%n",
                        summary.flinkUi(), ports.kafka);
                new CountDownLatch(1).await();
            }
            return 0;
        } finally {
            System.out.println("stopping the local stack ...");
            stack.close();
            System.out.println("stopped.");
        }
    }
}
