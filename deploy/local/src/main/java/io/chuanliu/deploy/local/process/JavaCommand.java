package io.chuanliu.deploy.local.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds a {@code java} command line with the JVM that runs the runner. */
public final class JavaCommand {

    private final List<String> jvmOptions = new ArrayList<>();
    private String classpath;
    private String mainClass;
    private final List<String> arguments = new ArrayList<>();

    public static JavaCommand of(String mainClass) {
        JavaCommand c = new JavaCommand();
        c.mainClass = mainClass;
        return c;
    }

    public JavaCommand jvm(String... options) {
        jvmOptions.addAll(Arrays.asList(options));
        return this;
    }

    /** Adds whitespace-separated options, as found in config files and tool output. */
    public JavaCommand jvmLine(String options) {
        for (String option : options.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                jvmOptions.add(option);
            }
        }
        return this;
    }

    public JavaCommand classpath(String classpath) {
        this.classpath = classpath;
        return this;
    }

    public JavaCommand args(String... args) {
        arguments.addAll(Arrays.asList(args));
        return this;
    }

    public JavaCommand args(List<String> args) {
        arguments.addAll(args);
        return this;
    }

    public List<String> build() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }
}
