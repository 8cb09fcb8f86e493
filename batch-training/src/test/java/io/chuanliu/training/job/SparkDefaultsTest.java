package io.chuanliu.training.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkDefaultsTest {

    @Test
    void shouldKeepAThousandGeneratedClassesWhenTheSubmitterSaysNothing() {
        SparkConf conf = TrainingJob.sparkDefaults(new SparkConf(false));

        assertThat(conf.get("spark.sql.codegen.cache.maxEntries")).isEqualTo("1000");
    }

    @Test
    void shouldKeepTheSubmittersOwnCacheSize() {
        SparkConf conf =
                TrainingJob.sparkDefaults(new SparkConf(false).set("spark.sql.codegen.cache.maxEntries", "64"));

        assertThat(conf.get("spark.sql.codegen.cache.maxEntries")).isEqualTo("64");
    }
}
