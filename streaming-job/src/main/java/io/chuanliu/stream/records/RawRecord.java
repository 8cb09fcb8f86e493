package io.chuanliu.stream.records;

/**
 * A Kafka record as read, before parsing: kept whole so an invalid one can be dead-lettered with its
 * exact bytes. A Flink POJO.
 */
public class RawRecord {

    public String topic;
    public int partition;
    public long offset;
    /** The Kafka record timestamp: producers set it to the event time. */
    public long timestamp;

    public byte[] value;

    public RawRecord() {}

    public RawRecord(String topic, int partition, long offset, long timestamp, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.value = value;
    }
}
