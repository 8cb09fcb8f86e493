package io.chuanliu.deploy.local.cli;

import io.chuanliu.deploy.local.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What a verb that starts the routing job runs: {@code --jar} (default: the checkout's build) and {@code --parallelism}. */
public final class JobJar {

    @Option(names = "--jar", description = "Job jar (default: streaming-job/target's shaded jar in the checkout).")
    Path jar;

    @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default ${DEFAULT-VALUE}).")
    int parallelism;

    /** The jar to upload; a usage error naming the path when it is not there. */
    Path resolve() {
        Path resolved = jar != null ? jar : Layout.fromSystemProperty().streamingJobJar();
        if (!Files.isRegularFile(resolved)) {
            throw new FlinkTarget.UsageException(
                    "no job jar at " + resolved + (jar == null ? " (build it with ./mvnw -DskipTests package)" : ""));
        }
        return resolved;
    }
}
