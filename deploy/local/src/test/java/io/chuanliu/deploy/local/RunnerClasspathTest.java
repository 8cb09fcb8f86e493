package io.chuanliu.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runner ({@code ./chuanliu}) has the streaming job and the training job only at compile time
 * ({@code provided}: it starts them as jars and child JVMs), so its own code must not use their classes:
 * it would compile and then fail at run time with {@code NoClassDefFoundError}. Naming their classes in
 * strings, for the child JVMs to load, is fine.
 */
class RunnerClasspathTest {

    private static final Pattern JOB_CLASS = Pattern.compile("\\bio\\.chuanliu\\.(stream|training)\\.");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    @Test
    void shouldNotUseTheJobsClassesInTheRunnersOwnCode() throws IOException {
        List<String> uses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String code = STRING_LITERAL
                            .matcher(lines.get(i))
                            .replaceAll("\"\"")
                            .strip();
                    if (!code.startsWith("*")
                            && !code.startsWith("//")
                            && JOB_CLASS.matcher(code).find()) {
                        uses.add(file + ":" + (i + 1) + ": " + code);
                    }
                }
            }
        }
        assertThat(Path.of("src/main/java/io/chuanliu/deploy/local/ChuanliuLocal.java"))
                .exists();
        assertThat(uses).isEmpty();
    }
}
