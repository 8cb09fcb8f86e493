package io.chuanliu.deploy.local.cli;

import picocli.CommandLine.Option;

/** The ports of a local stack: {@code --kafka-port} (the controller takes the next one) and {@code --flink-port}. */
public final class LocalPorts {

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            description = "Kafka listener port; the controller takes the next one (default ${DEFAULT-VALUE}).")
    int kafka;

    @Option(
            names = "--flink-port",
            defaultValue = "8081",
            description = "Flink REST and web UI port (default ${DEFAULT-VALUE}).")
    int flink;
}
