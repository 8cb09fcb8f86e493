package io.chuanliu.stream.testing;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;

/** The Flink cluster settings the job's integration tests share: RocksDB, REST never on 8081. */
public final class TestClusters {

    private TestClusters() {}

    /** RocksDB state; REST on a free port, never 8081, which a local stack may be using. */
    public static Configuration rocksDb() {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        config.set(RestOptions.PORT, 0);
        return config;
    }

    /** A failure restarts the job (and shows in numRestarts) up to {@code attempts} times, {@code delay} apart. */
    public static Configuration restarting(Configuration config, int attempts, Duration delay) {
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, delay);
        return config;
    }

    /** Checkpoints on the file system under {@code directory}, so a restarted TaskManager can restore them. */
    public static Configuration checkpointingTo(Configuration config, Path directory) {
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, directory.toUri().toString());
        return config;
    }
}
