package io.chuanliu.training.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.training.testing.SparkTestSession;
import io.chuanliu.training.testing.TrainingTestData;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Nothing the driver receives grows with users (issue 16, item 3): the whole daily run on markets of
 * 1,500 and 6,000 users over the same 40 brands sends the driver, as task results, about the same
 * bytes. What it does collect is per brand (brand side, neighbours, ALS partial sums), per method
 * (metrics), per shard (the user store's layout) or per bootstrap replicate.
 *
 * <p>Spark's own broadcast joins are switched off here: they collect their build side to the driver
 * too, but only while it is below {@code spark.sql.autoBroadcastJoinThreshold} (10 MiB by default),
 * a bound of Spark's that does not grow with users. ALS's per-task sums, which small runs send the driver
 * directly (tasks x brands: it grows as more users bring more of the brands into every task's sums), are
 * added up per brand first ({@code als.driver-sums-mib 0}), and its ratings are not collected to be iterated on the
 * driver ({@code als.driver-ratings 0}: small fits are, up to that setting's bound). What is left is the code's own collects, and a
 * collect of one row per user (at least 16 bytes each) would add over 70 KiB between the two runs.
 * Measured: 4,694 and 4,733 KiB; the 40 KiB between them are ALS's per-brand partial sums and the
 * brands' co-occurrence neighbours, which fill up towards brands x partitions as more users touch
 * more brands in every task.
 */
class DriverBoundTest {

    private static final String[] NO_AUTO_BROADCAST = {
        "spark.sql.autoBroadcastJoinThreshold", "spark.sql.adaptive.autoBroadcastJoinThreshold"
    };

    @Test
    void shouldSendTheDriverNoMoreBytesWhenUsersGrowFourfoldOverTheSameBrands() throws Exception {
        long fewUsers = driverBytes(1_500);
        long fourTimesTheUsers = driverBytes(6_000);
        System.out.printf(
                "task results to the driver: %.1f KiB at 1,500 users, %.1f KiB at 6,000 users%n",
                fewUsers / 1024.0, fourTimesTheUsers / 1024.0);

        assertThat(fewUsers).isPositive();
        assertThat(fourTimesTheUsers - fewUsers).isLessThan(16L * 4_500);
    }

    /** The task-result bytes one training run sends the driver. */
    private static long driverBytes(int users) throws Exception {
        SparkSession spark = SparkTestSession.get();
        java.nio.file.Path market = TrainingTestData.market(users);
        DriverResults received = new DriverResults();
        for (String key : NO_AUTO_BROADCAST) {
            spark.conf().set(key, "-1");
        }
        spark.sparkContext().addSparkListener(received);
        try {
            new TrainingJob(
                            spark,
                            TrainingConfig.fromArgs(
                                    "--history",
                                    market.resolve("history").toString(),
                                    "--models",
                                    TrainingTestData.newDirectory("models").toString(),
                                    "--version",
                                    "bound-" + users,
                                    "--als.alphas",
                                    "20",
                                    "--als.driver-sums-mib",
                                    "0",
                                    "--als.driver-ratings",
                                    "0",
                                    "--gate.min-lift",
                                    "-1",
                                    "--gate.confidence",
                                    "0"))
                    .run();
            spark.sparkContext().listenerBus().waitUntilEmpty();
            return received.totalBytes();
        } finally {
            spark.sparkContext().removeSparkListener(received);
            for (String key : NO_AUTO_BROADCAST) {
                spark.conf().unset(key);
            }
        }
    }
}
