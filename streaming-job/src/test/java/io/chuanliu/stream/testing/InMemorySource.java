package io.chuanliu.stream.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads one of {@link InMemoryTopics}' topics from its start and waits for more, turning each record
 * into the job's type with the same deserializer the Kafka source uses. Runs at parallelism 1 and
 * has no splits: the one reader reads the whole topic.
 */
final class InMemorySource<T> implements Source<T, InMemorySource.NoSplit, Void>, ResultTypeQueryable<T> {

    private static final long POLL_MILLIS = 5;

    private final String topicsId;
    private final String topic;
    private final KafkaRecordDeserializationSchema<T> deserializer;

    InMemorySource(String topicsId, String topic, KafkaRecordDeserializationSchema<T> deserializer) {
        this.topicsId = topicsId;
        this.topic = topic;
        this.deserializer = deserializer;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializer.getProducedType();
    }

    @Override
    public SourceReader<T, NoSplit> createReader(SourceReaderContext context) {
        return new Reader();
    }

    @Override
    public SplitEnumerator<NoSplit, Void> createEnumerator(SplitEnumeratorContext<NoSplit> context) {
        return new NoEnumerator();
    }

    @Override
    public SplitEnumerator<NoSplit, Void> restoreEnumerator(SplitEnumeratorContext<NoSplit> context, Void checkpoint) {
        return new NoEnumerator();
    }

    @Override
    public SimpleVersionedSerializer<NoSplit> getSplitSerializer() {
        return new Nothing<>();
    }

    @Override
    public SimpleVersionedSerializer<Void> getEnumeratorCheckpointSerializer() {
        return new Nothing<>();
    }

    private final class Reader implements SourceReader<T, NoSplit> {

        private int next;

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            ConsumerRecord<byte[], byte[]> record = InMemoryTopics.recordAt(topicsId, topic, next);
            if (record == null) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            next++;
            deserializer.deserialize(record, new Collector<>() {
                @Override
                public void collect(T value) {
                    output.collect(value, record.timestamp());
                }

                @Override
                public void close() {}
            });
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            if (InMemoryTopics.recordAt(topicsId, topic, next) != null) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.runAsync(
                    () -> {}, CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS));
        }

        @Override
        public List<NoSplit> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public void addSplits(List<NoSplit> splits) {}

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void close() {}
    }

    /** The source has no splits; Flink's API needs a type for them. */
    static final class NoSplit implements SourceSplit {
        @Override
        public String splitId() {
            return "none";
        }
    }

    private static final class NoEnumerator implements SplitEnumerator<NoSplit, Void> {
        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtask, String host) {}

        @Override
        public void addSplitsBack(List<NoSplit> splits, int subtask) {}

        @Override
        public void addReader(int subtask) {}

        @Override
        public Void snapshotState(long checkpointId) {
            return null;
        }

        @Override
        public void close() {}
    }

    /** Serialises the nothing that splits and enumerator checkpoints hold here. */
    private static final class Nothing<X> implements SimpleVersionedSerializer<X> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(X obj) {
            return new byte[0];
        }

        @Override
        public X deserialize(int version, byte[] serialized) {
            return null;
        }
    }
}
