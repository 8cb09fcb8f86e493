package io.chuanliu.common.model;

/**
 * The key-group arithmetic Flink uses for keyed state, for the user key (a String), reproduced here
 * so that the training job can shard the model's user side exactly as the streaming job's state is
 * sharded, without a Flink dependency. {@code KeyGroupsTest} in streaming-job checks it against
 * Flink's own {@code KeyGroupRangeAssignment}.
 */
public final class KeyGroups {

    private KeyGroups() {}

    /** The key group of {@code key} under {@code maxParallelism}: murmur(hashCode) mod maxParallelism. */
    public static int of(String key, int maxParallelism) {
        return murmur(key.hashCode()) % maxParallelism;
    }

    /** First key group of operator {@code index} of {@code parallelism}. */
    public static int rangeStart(int maxParallelism, int parallelism, int index) {
        return (index * maxParallelism + parallelism - 1) / parallelism;
    }

    /** Last key group (inclusive) of operator {@code index} of {@code parallelism}. */
    public static int rangeEnd(int maxParallelism, int parallelism, int index) {
        return ((index + 1) * maxParallelism - 1) / parallelism;
    }

    private static int murmur(int code) {
        code *= 0xcc9e2d51;
        code = Integer.rotateLeft(code, 15);
        code *= 0x1b873593;
        code = Integer.rotateLeft(code, 13);
        code = code * 5 + 0xe6546b64;
        code ^= 4;
        code ^= code >>> 16;
        code *= 0x85ebca6b;
        code ^= code >>> 13;
        code *= 0xc2b2ae35;
        code ^= code >>> 16;
        if (code >= 0) {
            return code;
        }
        return code != Integer.MIN_VALUE ? -code : 0;
    }
}
