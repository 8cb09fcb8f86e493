package io.chuanliu.common.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How the model's user side is sharded: {@code shards} contiguous key-group ranges of the user key
 * under the streaming job's {@code maxParallelism}, one RocksDB store each. A subtask whose key
 * groups are [a, b] opens only the shards that overlap [a, b].
 */
public record UserStoreLayout(
        @JsonProperty("max_parallelism") int maxParallelism,
        int rank,
        @JsonProperty("table_format_version") int tableFormatVersion,
        List<Shard> shards) {

    /**
     * @param path directory of the RocksDB store, relative to the model directory
     * @param firstKeyGroup first key group held, inclusive
     * @param lastKeyGroup last key group held, inclusive
     */
    public record Shard(
            String path,
            @JsonProperty("first_key_group") int firstKeyGroup,
            @JsonProperty("last_key_group") int lastKeyGroup,
            long users) {

        public boolean overlaps(int first, int last) {
            return firstKeyGroup <= last && lastKeyGroup >= first;
        }
    }

    /** Index of the shard holding key group {@code keyGroup} when there are {@code shardCount} shards. */
    public static int shardOf(int keyGroup, int maxParallelism, int shardCount) {
        return (int) ((long) keyGroup * shardCount / maxParallelism);
    }

    public static String shardPath(int shard, int first, int last) {
        return ModelFiles.USER_STORE + "/shard-" + shard + "-kg" + first + "-" + last;
    }

    /** The shards a subtask owning key groups [first, last] must open. */
    public List<Shard> shardsFor(int first, int last) {
        return shards.stream().filter(s -> s.overlaps(first, last)).toList();
    }
}
