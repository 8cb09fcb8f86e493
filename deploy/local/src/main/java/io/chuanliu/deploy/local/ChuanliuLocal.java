package io.chuanliu.deploy.local;

import io.chuanliu.deploy.local.cli.FlinkTarget;
import io.chuanliu.deploy.local.cli.ReplayCommand;
import io.chuanliu.deploy.local.cli.SavepointCommand;
import io.chuanliu.deploy.local.cli.StackCommand;
import io.chuanliu.deploy.local.cli.SubmitCommand;
import io.chuanliu.deploy.local.cli.UpgradeCommand;
import io.chuanliu.deploy.local.demo.Demo;
import io.chuanliu.deploy.local.stack.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./chuanliu <verb>}: {@code demo} (the all-in-one local run), {@code train}, {@code publish},
 * {@code stack}, {@code submit}, {@code savepoint}, {@code upgrade}, {@code replay}.
 */
@Command(
        name = "chuanliu",
        mixinStandardHelpOptions = true,
        subcommands = {
            ChuanliuLocal.DemoCommand.class,
            ChuanliuLocal.TrainCommand.class,
            ChuanliuLocal.PublishCommand.class,
            StackCommand.class,
            SubmitCommand.class,
            SavepointCommand.class,
            UpgradeCommand.class,
            ReplayCommand.class
        },
        description =
                "Chuanliu on real parts, locally: Kafka (KRaft), a Flink cluster with its web UI, Spark in local mode.")
public final class ChuanliuLocal {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a usage mistake prints its message (exit 2), any other failure its cause (exit 1). */
    public static CommandLine commandLine() {
        return new CommandLine(new ChuanliuLocal()).setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof FlinkTarget.UsageException) {
                line.getErr().println(line.getColorScheme().errorText(e.getMessage()));
                return 2;
            }
            line.getErr().println(line.getColorScheme().errorText(line.getCommandName() + " failed: " + e));
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                line.getErr().println("  caused by " + cause);
            }
            return 1;
        });
    }

    // No standard --version option here: the training job's own --version names the model.
    @Command(
            name = "train",
            description = {
                "Train, evaluate and gate a model with Spark in local mode: the same job and settings as TrainingJob "
                        + "(every --key value of batch-training/README.md#settings is passed through), its progress, metrics table "
                        + "and gate verdict on the console, Spark's log in <work-dir>/spark.log.",
                "Exit code: 0 published, 2 bad settings or input, 3 refused by the gate."
            })
    static final class TrainCommand implements Callable<Integer> {

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Show this help message and exit.")
        boolean help;

        @Option(
                names = "--work-dir",
                description = "Spark's scratch space and log (default: .chuanliu/train in the checkout).")
        Path workDir;

        @Option(
                names = "--spark-cores",
                defaultValue = "2",
                description = "Cores of Spark's local mode (default ${DEFAULT-VALUE}).")
        int cores;

        @Option(
                names = "--spark-memory",
                defaultValue = "6g",
                description = "Heap of the Spark JVM (default ${DEFAULT-VALUE}).")
        String memory;

        @CommandLine.Unmatched
        java.util.List<String> trainingArgs = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Layout layout = Layout.fromSystemProperty();
            Path work =
                    workDir != null ? workDir.toAbsolutePath() : layout.home().resolve(".chuanliu/train");
            return new io.chuanliu.deploy.local.stack.LocalSparkTraining(layout, work)
                    .trainOnConsole(trainingArgs, cores, memory);
        }
    }

    @Command(
            name = "publish",
            description = {
                "Verify a trained model (manifest, gate, every checksum) and announce it on "
                        + "model-updates: --model <dir> --kafka.bootstrap-servers <host:port> [--topic <name>] "
                        + "[--kafka.client-properties-file <file>] [--kafka.client.<key> <value>] (any Kafka client setting, e.g. SASL).",
                "Exit code: 0 announced, 2 a model that must not be served or bad settings."
            })
    static final class PublishCommand implements Callable<Integer> {

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Show this help message and exit.")
        boolean help;

        @CommandLine.Unmatched
        java.util.List<String> publishArgs = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Layout layout = Layout.fromSystemProperty();
            return new io.chuanliu.deploy.local.stack.LocalSparkTraining(
                            layout, layout.home().resolve(".chuanliu/publish"))
                    .publishOnConsole(publishArgs);
        }
    }

    @Command(
            name = "demo",
            mixinStandardHelpOptions = true,
            description =
                    "Generate a market, train, start Kafka and Flink, submit the job, replay a day and summarise.")
    static final class DemoCommand implements Callable<Integer> {

        @Option(
                names = "--work-dir",
                description = "Where the run keeps its files (default: .chuanliu/demo in the checkout).")
        Path workDir;

        @Option(names = "--seed", defaultValue = "42", description = "Market seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--users",
                defaultValue = "2000",
                description = "Users in the market (default ${DEFAULT-VALUE}).")
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

        @Option(
                names = "--kafka-port",
                defaultValue = "9092",
                description = "Kafka listener port; the controller takes the next one (default ${DEFAULT-VALUE}).")
        int kafkaPort;

        @Option(
                names = "--flink-port",
                defaultValue = "8081",
                description = "Flink REST and web UI port (default ${DEFAULT-VALUE}).")
        int flinkPort;

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
                description = "The job's budget.pacing: first-come or value " + "(default ${DEFAULT-VALUE}).")
        String budgetPacing;

        @Option(
                names = "--exit-when-done",
                description = "Stop everything after the summary instead of keeping the stack up until Ctrl-C.")
        boolean exitWhenDone;

        @Override
        public Integer call() throws Exception {
            Layout layout = Layout.fromSystemProperty();
            Path work =
                    workDir != null ? workDir.toAbsolutePath() : layout.home().resolve(".chuanliu/demo");
            Demo.Options options = new Demo.Options(
                    work,
                    seed,
                    users,
                    brands,
                    rate,
                    kafkaPort,
                    flinkPort,
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
                            summary.flinkUi(), kafkaPort);
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
}
