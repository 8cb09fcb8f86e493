package io.chuanliu.deploy.local.cli;

import io.chuanliu.deploy.local.Directories;
import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.stack.LocalFlink;
import io.chuanliu.deploy.local.stack.LocalKafka;
import io.chuanliu.deploy.local.stack.LocalStack;
import io.chuanliu.deploy.local.stack.TopicBootstrap;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./chuanliu stack}: Kafka (KRaft) with the job's topics and a Flink session cluster, left up, no data. */
@Command(
        name = "stack",
        mixinStandardHelpOptions = true,
        description = {
            "Start the local stack and leave it up until Ctrl-C: a Kafka broker (KRaft) with every topic the job "
                    + "reads and writes, and a standalone Flink cluster (JobManager with the web UI, one TaskManager). No data, "
                    + "no job: submit with ./chuanliu submit, feed with ./chuanliu replay, train with ./chuanliu train.",
            "Each start is fresh (earlier topics and checkpoints in <work-dir> are deleted). Logs: <work-dir>/kafka/logs and "
                    + "<work-dir>/flink/log."
        })
public final class StackCommand implements Callable<Integer> {

    @Option(
            names = "--work-dir",
            description = "Where the stack keeps its data and logs (default: .chuanliu/stack in the checkout).")
    Path workDir;

    @Mixin
    LocalPorts ports;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Partitions per topic and task slots (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--exit-when-up",
            description = "Stop again once everything is up (for checking a machine or a script).")
    boolean exitWhenUp;

    @Override
    public Integer call() throws Exception {
        Layout layout = Layout.fromSystemProperty();
        Path work = layout.workDir(workDir, "stack");
        // A fresh stack each time, as the demo's: the broker's storage is formatted on start.
        Directories.deleteRecursively(work.resolve("kafka"));
        Directories.deleteRecursively(work.resolve("flink"));
        try (LocalStack stack = new LocalStack()) {
            System.out.println("starting Kafka on localhost:" + ports.kafka + " ...");
            LocalKafka kafka = stack.add(new LocalKafka(layout, work.resolve("kafka"), ports.kafka).start());
            List<String> topics = TopicBootstrap.createAll(kafka.bootstrapServers(), parallelism);
            System.out.println("starting Flink (web UI on port " + ports.flink + ") ...");
            LocalFlink flink =
                    stack.add(new LocalFlink(layout, work.resolve("flink"), ports.flink, parallelism).start());
            System.out.printf(
                    "%nThe stack is up:%n  Kafka      %s (%d topics, %d partitions each)%n  Flink UI   %s (%d task slots)%n"
                            + "  logs       %s, %s%n",
                    kafka.bootstrapServers(),
                    topics.size(),
                    parallelism,
                    flink.restUrl(),
                    parallelism,
                    work.resolve("kafka"),
                    flink.logDirectory());
            System.out.printf(
                    "Next: ./chuanliu submit --kafka.bootstrap-servers %s; ./chuanliu replay --file <events.jsonl>%n",
                    kafka.bootstrapServers());
            if (!exitWhenUp) {
                System.out.println("Press Ctrl-C to stop it.");
                new CountDownLatch(1).await();
            }
            System.out.println("stopping the local stack ...");
        }
        System.out.println("stopped.");
        return 0;
    }
}
