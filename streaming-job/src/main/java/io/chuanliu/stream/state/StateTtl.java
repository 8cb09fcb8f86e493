package io.chuanliu.stream.state;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * The one TTL the job's keyed state uses: counted from the last write, expired values never read,
 * removed by RocksDB compaction. TTL runs on processing time and only bounds state; the rules
 * themselves compare event times.
 */
public final class StateTtl {

    private StateTtl() {}

    public static StateTtlConfig afterWrite(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupInRocksdbCompactFilter(1000)
                .build();
    }
}
