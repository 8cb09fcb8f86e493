package io.chuanliu.deploy.local.cli;

import io.chuanliu.generator.replay.EventReplayer;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./chuanliu replay}: a file of events into the topics. */
@Command(
        name = "replay",
        description = {
            "Send a file of events into Kafka, in file order, each with its event time as the "
                    + "record's timestamp: JSON lines of {\"topic\", \"key\", \"time\", \"value\"} as the market generator writes them "
                    + "(live/backfill.jsonl, live/events.jsonl).",
            "Exit code: 0 every record acknowledged, 1 Kafka refused, 2 bad usage."
        })
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--file", required = true, description = "The events (JSON lines).")
    Path file;

    @Option(
            names = "--kafka.bootstrap-servers",
            defaultValue = "localhost:9092",
            description = "Brokers (default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(
            names = "--kafka.config",
            description = "A properties file of Kafka producer settings (security.protocol, "
                    + "sasl.*, ssl.*, ...), applied over the replayer's own.")
    Path clientConfig;

    @Option(
            names = "--kafka.client",
            description = "One Kafka producer setting, key=value; repeatable; over --kafka.config.")
    Map<String, String> clientSettings = Map.of();

    @Option(
            names = "--rate",
            defaultValue = "0",
            description = "Events per second; 0 for as fast as the broker takes them (default ${DEFAULT-VALUE}).")
    double rate;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new FlinkTarget.UsageException("no events file at " + file);
        }
        Properties settings = new Properties();
        if (clientConfig != null) {
            try (Reader reader = Files.newBufferedReader(clientConfig)) {
                settings.load(reader);
            }
        }
        settings.putAll(clientSettings);
        EventReplayer.ReplayResult result = new EventReplayer(bootstrap, settings).replay(file, rate, true);
        System.out.printf(
                "replayed %d events from %s into %s in %.1f s (%.0f events/s)%n",
                result.records(), file, bootstrap, result.elapsedMillis() / 1000.0, result.recordsPerSecond());
        return 0;
    }
}
