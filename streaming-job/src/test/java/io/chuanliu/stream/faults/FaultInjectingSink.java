package io.chuanliu.stream.faults;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The Kafka sink exactly as the job builds it, with {@link Fault} hooks at the phases of its two-phase
 * commit. Everything else is the real connector against the real broker.
 */
public final class FaultInjectingSink<IN>
        implements TwoPhaseCommittingStatefulSink<IN, KafkaWriterState, KafkaCommittable>,
                SupportsPostCommitTopology<KafkaCommittable> {

    private static final long serialVersionUID = 1L;

    private final KafkaSink<IN> kafka;

    public FaultInjectingSink(KafkaSink<IN> kafka) {
        this.kafka = kafka;
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> createWriter(
            WriterInitContext context) throws IOException {
        return new Writer<>(kafka.createWriter(context));
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> restoreWriter(
            WriterInitContext context, Collection<KafkaWriterState> recoveredState) throws IOException {
        return new Writer<>(kafka.restoreWriter(context, recoveredState));
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) throws IOException {
        Committer<KafkaCommittable> committer = kafka.createCommitter(context);
        return new Committer<>() {
            @Override
            public void commit(Collection<CommitRequest<KafkaCommittable>> requests)
                    throws IOException, InterruptedException {
                if (!requests.isEmpty()) {
                    Fault.reach(Fault.Phase.BEFORE_COMMIT);
                }
                committer.commit(requests);
                if (!requests.isEmpty()) {
                    Fault.reach(Fault.Phase.AFTER_COMMIT);
                }
            }

            @Override
            public void close() throws Exception {
                committer.close();
            }
        };
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
        return kafka.getCommittableSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
        return kafka.getWriterStateSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
        kafka.addPostCommitTopology(committables);
    }

    private static final class Writer<IN>
            implements PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> {

        private final PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> kafka;

        Writer(PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void write(IN element, Context context) throws IOException, InterruptedException {
            kafka.write(element, context);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            kafka.flush(endOfInput);
        }

        @Override
        public Collection<KafkaCommittable> prepareCommit() throws IOException, InterruptedException {
            Collection<KafkaCommittable> committables = kafka.prepareCommit();
            if (!committables.isEmpty()) {
                Fault.reach(Fault.Phase.MID_CHECKPOINT);
            }
            return committables;
        }

        @Override
        public List<KafkaWriterState> snapshotState(long checkpointId) throws IOException {
            Fault.reach(Fault.Phase.FAILED_CHECKPOINT);
            return kafka.snapshotState(checkpointId);
        }

        @Override
        public void close() throws Exception {
            kafka.close();
        }
    }
}
