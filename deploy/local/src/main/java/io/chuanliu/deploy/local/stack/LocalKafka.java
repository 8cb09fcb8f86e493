package io.chuanliu.deploy.local.stack;

import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.process.JavaCommand;
import io.chuanliu.deploy.local.process.ManagedProcess;
import io.chuanliu.deploy.local.process.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker and controller in one JVM), started from
 * Maven-resolved jars: {@code kafka.tools.StorageTool format}, then {@code kafka.Kafka}.
 */
public final class LocalKafka implements AutoCloseable {

    private final Layout layout;
    private final Path dir;
    private final int port;
    private int controllerPort;
    private ManagedProcess broker;

    public LocalKafka(Layout layout, Path dir, int port) {
        this.layout = layout;
        this.dir = dir;
        this.port = port;
        this.controllerPort = port + 1;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /**
     * Formats the storage and starts the broker. A port is only known to be free until someone binds
     * it: when the broker cannot bind its controller port (taken meanwhile, e.g. as the local end of
     * some client's connection), it starts again on another one, up to three times.
     */
    public LocalKafka start() throws Exception {
        Ports.requireFree(port, "Kafka", "--kafka-port");
        if (Ports.isListening(controllerPort)) {
            controllerPort = Ports.freePort();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce();
                return this;
            } catch (IllegalStateException e) {
                boolean bindFailed = broker != null
                        && Files.exists(serverLog())
                        && Files.readString(serverLog()).contains("Address already in use");
                close();
                if (!bindFailed || attempt == 3 || Ports.isListening(port)) {
                    throw e;
                }
                controllerPort = Ports.freePort();
                io.chuanliu.deploy.local.Directories.deleteRecursively(dir.resolve("data"));
            }
        }
    }

    private void startOnce() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        Path config = writeServerProperties();
        String classpath = layout.kafkaClasspath();
        String clusterId = uuidBase64();
        ManagedProcess format = ManagedProcess.start(
                "kafka-storage-format",
                JavaCommand.of("kafka.tools.StorageTool")
                        .classpath(classpath)
                        .jvm(logging())
                        .args("format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted")
                        .build(),
                dir,
                dir.resolve("logs/format.out"));
        int exit = format.waitFor(60, TimeUnit.SECONDS);
        if (exit != 0) {
            throw new IllegalStateException("formatting Kafka storage failed (exit " + exit + "); see " + format.log());
        }
        broker = ManagedProcess.start(
                "kafka",
                JavaCommand.of("kafka.Kafka")
                        .classpath(classpath)
                        .jvm("-Xms512m", "-Xmx1g", "-XX:+UseG1GC")
                        .jvm(logging())
                        .args(config.toString())
                        .build(),
                dir,
                dir.resolve("logs/kafka.out"));
        awaitReady(Duration.ofSeconds(60));
    }

    /** Where the broker's log4j configuration ({@code deploy/kafka/log4j2.properties}) writes. */
    private Path serverLog() {
        return dir.resolve("logs/server.log");
    }

    private String[] logging() {
        return new String[] {
            "-Dlog4j2.configurationFile=" + layout.kafkaLog4j().toUri(), "-Dkafka.logs.dir=" + dir.resolve("logs")
        };
    }

    private Path writeServerProperties() throws IOException {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "2");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The job's sinks keep transactions open up to an hour (kafka.transaction-timeout): an outage
        // shorter than that loses no reward. Kafka's default maximum is 15 minutes.
        p.put("transaction.max.timeout.ms", "7200000");
        p.put("auto.create.topics.enable", "false");
        // Generated events carry event times weeks in the past, and Kafka's time retention compares
        // record timestamps with the wall clock: by time, it would delete the demo's data (inputs and
        // outputs) within a minute. The local stack keeps data by size instead.
        p.put("log.retention.ms", "-1");
        p.put("log.retention.bytes", String.valueOf(1L << 30));
        Path file = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "generated by the Chuanliu local runner");
        }
        return file;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties admin = new Properties();
        admin.put("bootstrap.servers", bootstrapServers());
        admin.put("request.timeout.ms", "2000");
        admin.put("default.api.timeout.ms", "3000");
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("Kafka exited during start-up; see " + serverLog() + ":\n"
                        + ManagedProcess.logTail(serverLog(), 20) + "\nand " + broker.log() + ":\n"
                        + broker.logTail(20));
            }
            try (Admin client = Admin.create(admin)) {
                if (!client.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("Kafka did not become ready within " + timeout + "; see " + broker.log());
    }

    /** A cluster id as kafka-storage wants it; one starting with '-' would be read as an option (1 in 64). */
    static String uuidBase64() {
        String id;
        do {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
            b.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
        } while (id.startsWith("-"));
        return id;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
