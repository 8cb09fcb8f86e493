package io.chuanliu.training.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.model.UserStoreLayout;
import io.chuanliu.training.testing.SparkTestSession;
import io.chuanliu.training.testing.TrainingTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * The streaming job reads the user store with Flink's FRocksDB 8.10, which must never share a
 * classpath with this module's rocksdbjni. So a child JVM with only FRocksDB opens a store that
 * {@link UserStoreWriter} built, and must see the same bytes as rocksdbjni sees here.
 */
class UserStoreCompatibilityTest {

    private static final Path FROCKSDB = Path.of("target/frocksdb/frocksdbjni.jar");

    @Test
    void shouldBeReadableByFlinksFRocksDbWithTheSameLookups() throws Exception {
        assertThat(FROCKSDB)
                .as("copied by maven-dependency-plugin at generate-test-resources")
                .exists();
        StructType schema = new StructType()
                .add("user", DataTypes.StringType)
                .add("factors", DataTypes.createArrayType(DataTypes.FloatType))
                .add("audience", DataTypes.createArrayType(DataTypes.StringType));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(RowFactory.create(
                    "u" + i, List.of((float) i, -i / 3f, 0.5f), i % 7 == 0 ? List.of("b1", "b2") : List.of()));
        }
        Dataset<Row> users = SparkTestSession.get().createDataFrame(rows, schema);
        Path model = TrainingTestData.newDirectory("store");
        UserStoreLayout layout = new UserStoreWriter(
                        128,
                        4,
                        model.toUri().toString(),
                        SparkTestSession.get().sparkContext().hadoopConfiguration())
                .write(users, 3);

        assertThat(layout.shards()).hasSize(4);
        assertThat(layout.shards().stream()
                        .mapToLong(UserStoreLayout.Shard::users)
                        .sum())
                .isEqualTo(500);
        RocksDB.loadLibrary();
        for (UserStoreLayout.Shard shard : layout.shards()) {
            Path store = model.resolve(shard.path());
            List<String> keys = new ArrayList<>(List.of("nobody"));
            List<String> expected = new ArrayList<>(List.of("nobody=absent"));
            try (Options options = new Options();
                    RocksDB db = RocksDB.openReadOnly(options, store.toString());
                    var it = db.newIterator()) {
                for (it.seekToFirst(); it.isValid() && keys.size() < 20; it.next()) {
                    String key = new String(it.key(), StandardCharsets.UTF_8);
                    keys.add(key);
                    expected.add(key + "=" + HexFormat.of().formatHex(it.value()));
                }
            }
            assertThat(readWithFRocksDb(store, keys)).as(shard.path()).isEqualTo(expected);
        }
    }

    private static List<String> readWithFRocksDb(Path store, List<String> keys) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                FROCKSDB.toAbsolutePath()
                        + java.io.File.pathSeparator
                        + Path.of("target/test-classes").toAbsolutePath(),
                FRocksDbLookup.class.getName(),
                store.toString()));
        command.addAll(keys);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
