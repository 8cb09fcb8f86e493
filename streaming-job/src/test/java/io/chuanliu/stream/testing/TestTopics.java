package io.chuanliu.stream.testing;

import java.util.List;

/** The job's topics as a test script sees them, on a real broker or in memory: records in, records out. */
public interface TestTopics {

    void send(String topic, String key, byte[] value, long timestamp) throws Exception;

    /** Every record value of the topic so far (committed ones only, where the topic is transactional). */
    List<byte[]> values(String topic);
}
