package io.chuanliu.stream.testing;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

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

    /** A test class's cluster: one TaskManager with {@code slots} slots and {@code config}. */
    public static MiniClusterExtension extension(int slots, Configuration config) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .setConfiguration(config)
                .build());
    }

    /** RocksDB, checkpoints under {@code checkpoints}, up to ten restarts a second apart: for the fault tests. */
    public static Configuration recovering(Path checkpoints) {
        return checkpointingTo(restarting(rocksDb(), 10, Duration.ofSeconds(1)), checkpoints);
    }

    /** A cluster the test starts, stops and kills TaskManagers of itself: one TaskManager with {@code slots} slots. */
    public static MiniCluster miniCluster(int slots, Configuration config) {
        return new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    }
}
