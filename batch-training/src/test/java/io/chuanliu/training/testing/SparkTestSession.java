package io.chuanliu.training.testing;

import org.apache.spark.sql.SparkSession;

/** The one local[2] Spark session of the test JVM, as Spark allows one active context per JVM. */
public final class SparkTestSession {

    private static SparkSession spark;

    private SparkTestSession() {}

    public static synchronized SparkSession get() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("chuanliu-training-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
        }
        return spark;
    }
}
