package io.chuanliu.generator.replay;

import com.fasterxml.jackson.databind.ObjectReader;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.generator.output.LiveEvent;
import io.chuanliu.generator.output.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays a live day ({@code live/events.jsonl}) into Kafka in file order, with each record's event
 * time as its Kafka timestamp, at a fixed rate or as fast as the broker takes it.
 */
public final class EventReplayer {

    private final String bootstrapServers;
    private final Properties clientSettings;

    public EventReplayer(String bootstrapServers) {
        this(bootstrapServers, new Properties());
    }

    /** @param clientSettings any Kafka producer settings (security, TLS, ...), applied over the replayer's own */
    public EventReplayer(String bootstrapServers, Properties clientSettings) {
        this.bootstrapServers = bootstrapServers;
        this.clientSettings = clientSettings;
    }

    /**
     * @param eventsPerSecond target rate; 0 means as fast as possible
     * @return the number of records sent and acknowledged
     */
    public ReplayResult replay(Path events, double eventsPerSecond, boolean showProgress) throws IOException {
        return replay(events, eventsPerSecond, showProgress, event -> true);
    }

    /** Replays only the events {@code include} accepts, in file order. */
    public ReplayResult replay(
            Path events, double eventsPerSecond, boolean showProgress, java.util.function.Predicate<LiveEvent> include)
            throws IOException {
        long totalBytes = Files.size(events);
        Progress progress = new Progress(System.err, "replay", totalBytes, showProgress);
        ObjectReader reader = EventJson.readerFor(LiveEvent.class);
        long sent = 0;
        long bytesRead = 0;
        long started = System.nanoTime();
        double nanosPerEvent = eventsPerSecond > 0 ? 1e9 / eventsPerSecond : 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig());
                BufferedReader lines = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                bytesRead += line.length() + 1;
                if (line.isBlank()) {
                    continue;
                }
                LiveEvent event = reader.readValue(line);
                if (!include.test(event)) {
                    continue;
                }
                if (nanosPerEvent > 0) {
                    long due = started + (long) (sent * nanosPerEvent);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                producer.send(new ProducerRecord<>(
                        event.topic(),
                        null,
                        event.time(),
                        event.key(),
                        event.value().getBytes(StandardCharsets.UTF_8)));
                sent++;
                if ((sent & 1023) == 0) {
                    progress.update(bytesRead);
                }
            }
            producer.flush();
            progress.update(totalBytes);
        }
        long elapsed = System.nanoTime() - started;
        return new ReplayResult(sent, TimeUnit.NANOSECONDS.toMillis(elapsed));
    }

    private Properties producerConfig() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "chuanliu-replay");
        p.putAll(clientSettings);
        return p;
    }

    /** What a replay sent and how long it took. */
    public record ReplayResult(long records, long elapsedMillis) {

        public double recordsPerSecond() {
            return elapsedMillis == 0 ? records : records * 1000.0 / elapsedMillis;
        }
    }
}
