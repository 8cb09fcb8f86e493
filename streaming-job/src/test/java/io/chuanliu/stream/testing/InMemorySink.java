package io.chuanliu.stream.testing;

import io.chuanliu.common.json.EventJson;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

/** Appends each record, as the job's JSON, to one of {@link InMemoryTopics}' topics: visible at once. */
final class InMemorySink<T> implements Sink<T> {

    private final String topicsId;
    private final String topic;
    private final SerializableFunction<T, String> key;

    InMemorySink(String topicsId, String topic, SerializableFunction<T, String> key) {
        this.topicsId = topicsId;
        this.topic = topic;
        this.key = key;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        InMemoryTopics topics = InMemoryTopics.byId(topicsId);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                Long time = context.timestamp();
                topics.send(
                        topic,
                        key.apply(element),
                        EventJson.toBytes(element),
                        time == null ? System.currentTimeMillis() : time);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
