package io.chuanliu.deploy.local.stack;

import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.process.ClassArchive;
import io.chuanliu.deploy.local.process.JavaCommand;
import io.chuanliu.deploy.local.process.ManagedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the Spark training job in local mode in a child JVM, with the flags spark-submit would pass on JDK 17. */
public final class LocalSparkTraining {

    private final Layout layout;
    private final Path dir;

    public LocalSparkTraining(Layout layout, Path dir) {
        this.layout = layout;
        this.dir = dir;
    }

    /** How a training run ended: its exit code (0 published, 3 refused by the gate) and its log. */
    public record Outcome(int exitCode, Path log) {

        public boolean published() {
            return exitCode == 0;
        }

        /** The log lines of the evaluation table and the gate's verdict. */
        public java.util.List<String> report() throws java.io.IOException {
            return Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith("method")
                            || l.matches("^(model|als|cooc|own_history|popularity) +[0-9].*")
                            || l.startsWith("lift vs")
                            || l.startsWith("gate:"))
                    .toList();
        }
    }

    /** Trains; a refusal by the publication gate (exit 3) is an outcome, any other failure an error. */
    public Outcome train(List<String> trainingArgs) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve("training.log");
        int exit = run("io.chuanliu.training.job.TrainingJob", trainingArgs, log);
        if (exit != 0 && exit != 3) {
            throw new IllegalStateException("training failed (exit " + exit + "); see " + log);
        }
        return new Outcome(exit, log);
    }

    /**
     * Trains as {@code ./chuanliu train} does: the job's progress, table and verdict on this console,
     * Spark's own log in {@code spark.log} under the work directory, shuffle partitions sized by the job.
     *
     * <p>With {@code classArchive} the JVM maps a {@link ClassArchive} of its classes from {@code class-archive} under the
     * work directory, written at the end of the first run on this build (kept when the job exits 0 or 3, having loaded
     * what a whole run loads).
     *
     * @return the job's exit code: 0 published, 2 bad settings or input, 3 refused by the gate
     */
    public int trainOnConsole(List<String> trainingArgs, int cores, String memory, boolean classArchive)
            throws Exception {
        String main = "io.chuanliu.training.job.TrainingJob";
        java.util.Optional<String> jars = classArchive ? layout.trainingJarClasspath() : java.util.Optional.empty();
        java.util.Optional<ClassArchive> archive =
                jars.flatMap(cp -> ClassArchive.of(dir.resolve("class-archive"), cp));
        if (archive.isEmpty()) {
            return onConsole(main, trainingArgs, cores, memory, layout.trainingClasspath(), List.of());
        }
        Files.createDirectories(archive.get().file().getParent());
        if (!Files.isRegularFile(archive.get().file())) {
            System.out.println("Writing a class archive of the training JVM at its exit (once per build, 15-30 s): "
                    + archive.get().file());
        }
        int exit = 1;
        try {
            exit = onConsole(
                    main, trainingArgs, cores, memory, jars.get(), archive.get().jvmOptions());
            return exit;
        } finally {
            if (exit == 0 || exit == 3) {
                archive.get().keep();
            } else {
                archive.get().discard();
            }
        }
    }

    /** {@code PublishModel} with its output on this console: verifies a model and announces it on model-updates. */
    public int publishOnConsole(List<String> publishArgs) throws Exception {
        return onConsole(
                "io.chuanliu.training.job.PublishModel", publishArgs, 1, "1g", layout.trainingClasspath(), List.of());
    }

    private int onConsole(
            String mainClass, List<String> args, int cores, String memory, String classpath, List<String> extraJvm)
            throws Exception {
        Files.createDirectories(dir);
        Process process = new ProcessBuilder(JavaCommand.of(mainClass)
                        .classpath(classpath)
                        .jvm("-Xmx" + memory)
                        .jvm(extraJvm.toArray(String[]::new))
                        .jvmLine(layout.sparkJdkOptions())
                        .jvmLine(layout.sparkTrainingJvmOptions())
                        .jvm(
                                "-Dspark.master=local[" + cores + "]",
                                "-Dspark.ui.enabled=false",
                                "-Dspark.local.dir=" + dir.resolve("spark-tmp"),
                                "-Dchuanliu.training.log=" + dir.resolve("spark.log"))
                        .args(args)
                        .build())
                .inheritIO()
                .start();
        try {
            return process.waitFor();
        } finally {
            process.destroy();
        }
    }

    /** Verifies a trained model and announces it on model-updates. */
    public void publish(Path model, String bootstrapServers) throws Exception {
        Path log = dir.resolve("publish.log");
        int exit = run(
                "io.chuanliu.training.job.PublishModel",
                List.of("--model", model.toString(), "--kafka.bootstrap-servers", bootstrapServers),
                log);
        if (exit != 0) {
            throw new IllegalStateException("publishing the model failed (exit " + exit + "); see " + log);
        }
    }

    private int run(String mainClass, List<String> args, Path log) throws Exception {
        Files.deleteIfExists(log);
        ManagedProcess process = ManagedProcess.start(
                mainClass.substring(mainClass.lastIndexOf('.') + 1),
                JavaCommand.of(mainClass)
                        .classpath(layout.trainingClasspath())
                        .jvm("-Xmx2g")
                        .jvmLine(layout.sparkJdkOptions())
                        .jvmLine(layout.sparkTrainingJvmOptions())
                        .jvm(
                                "-Dspark.master=local[2]",
                                "-Dspark.ui.enabled=false",
                                "-Dspark.sql.shuffle.partitions=4",
                                "-Dspark.local.dir=" + dir.resolve("spark-tmp"),
                                "-Dlog4j2.configurationFile="
                                        + layout.sparkLog4j().toUri())
                        .args(args)
                        .build(),
                dir,
                log);
        try (process) {
            return process.waitFor(30, TimeUnit.MINUTES);
        }
    }
}
