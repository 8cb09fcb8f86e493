package io.chuanliu.deploy.local.stack;

import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.process.JavaCommand;
import io.chuanliu.deploy.local.process.ManagedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the Spark training job in local mode in a child JVM, with the flags spark-submit would pass on JDK 17. */
public final class LocalSparkTraining {

    /** What Spark's launcher adds on JDK 17 (JavaModuleOptions). */
    private static final String[] JDK17_OPENS = {
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
        "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
        "-Dio.netty.tryReflectionSetAccessible=true"
    };

    private final Layout layout;
    private final Path dir;

    public LocalSparkTraining(Layout layout, Path dir) {
        this.layout = layout;
        this.dir = dir;
    }

    /** Trains and returns the log, which ends with the job's one-line summary. */
    public Path train(List<String> trainingArgs) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve("training.log");
        ManagedProcess training = ManagedProcess.start("spark-training", JavaCommand
                .of("io.chuanliu.training.job.TrainingJob")
                .classpath(layout.trainingClasspath())
                .jvm("-Xmx2g").jvm(JDK17_OPENS)
                .jvm("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.sql.shuffle.partitions=8",
                        "-Dspark.local.dir=" + dir.resolve("spark-tmp"),
                        "-Dlog4j2.configurationFile=" + layout.sparkLog4j().toUri())
                .args(trainingArgs)
                .build(), dir, log);
        try (training) {
            int exit = training.waitFor(30, TimeUnit.MINUTES);
            if (exit != 0) {
                throw new IllegalStateException("training failed (exit " + exit + "); see " + log);
            }
        }
        return log;
    }
}
