package io.chuanliu.deploy.local.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} alone, for the verbs that pass their other arguments through to a job and so
 * cannot take picocli's standard {@code --version} (the training job's own {@code --version} names the model).
 */
public final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;
}
