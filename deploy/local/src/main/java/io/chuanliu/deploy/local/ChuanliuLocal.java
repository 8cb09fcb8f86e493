package io.chuanliu.deploy.local;

import io.chuanliu.deploy.local.cli.DemoCommand;
import io.chuanliu.deploy.local.cli.FlinkTarget;
import io.chuanliu.deploy.local.cli.PublishCommand;
import io.chuanliu.deploy.local.cli.ReplayCommand;
import io.chuanliu.deploy.local.cli.SavepointCommand;
import io.chuanliu.deploy.local.cli.StackCommand;
import io.chuanliu.deploy.local.cli.SubmitCommand;
import io.chuanliu.deploy.local.cli.TrainCommand;
import io.chuanliu.deploy.local.cli.UpgradeCommand;
import io.chuanliu.generator.cli.MarketCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./chuanliu <verb>}: {@code demo} (the all-in-one local run), {@code train}, {@code publish},
 * {@code stack}, {@code submit}, {@code savepoint}, {@code upgrade}, {@code replay}, and {@code market generate|replay}
 * (the synthetic market of {@code market-generator}).
 */
@Command(
        name = "chuanliu",
        mixinStandardHelpOptions = true,
        subcommands = {
            DemoCommand.class,
            TrainCommand.class,
            PublishCommand.class,
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
        return new CommandLine(new ChuanliuLocal())
                .addSubcommand("market", new MarketCli())
                .setExecutionExceptionHandler((e, line, parsed) -> {
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
}
