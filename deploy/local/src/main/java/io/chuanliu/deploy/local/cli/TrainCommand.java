package io.chuanliu.deploy.local.cli;

import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.stack.LocalSparkTraining;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code ./chuanliu train}: the training job in Spark's local mode, its progress and verdict on the console. */
@Command(
        name = "train",
        description = {
            "Train, evaluate and gate a model with Spark in local mode: the same job and settings as TrainingJob "
                    + "(every --key value of batch-training/README.md#settings is passed through), its progress, metrics table "
                    + "and gate verdict on the console, Spark's log in <work-dir>/spark.log.",
            "Exit code: 0 published, 2 bad settings or input, 3 refused by the gate."
        })
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

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

    @Option(
            names = "--class-archive",
            defaultValue = "true",
            arity = "1",
            description = "Map a class-data-sharing archive of the training JVM's classes, written into "
                    + "<work-dir>/class-archive at the end of the first run on a build (about 170 MB, 15-30 s once); "
                    + "later runs start about 3 s sooner (default ${DEFAULT-VALUE}).")
    boolean classArchive;

    @Unmatched
    List<String> trainingArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Layout layout = Layout.fromSystemProperty();
        return new LocalSparkTraining(layout, layout.workDir(workDir, "train"))
                .trainOnConsole(trainingArgs, cores, memory, classArchive);
    }
}
