package io.chuanliu.training.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.chuanliu.common.model.KeyGroups;
import io.chuanliu.common.model.UserRecord;
import io.chuanliu.common.model.UserStoreLayout;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import scala.Tuple2;

/**
 * Writes the model's user side as RocksDB stores, one per contiguous range of the user key's key
 * groups under the streaming job's max parallelism, so that a streaming subtask opens only the
 * shards of its own key groups. Each shard is built on an executor's local disk, then copied to the
 * model directory's file system.
 *
 * <p>Written with BlockBasedTable format_version 5, which Flink's FRocksDB 8.10 reads; newer
 * rocksdbjni releases default to newer formats that it rejects as corrupt.
 */
public final class UserStoreWriter implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The table format FRocksDB 8.10 (Flink 2.2) reads. */
    public static final int TABLE_FORMAT_VERSION = 5;

    private final int maxParallelism;
    private final int shards;
    private final String modelDirectory;
    /** The driver's Hadoop settings (spark.hadoop.*: an object store's endpoint and credentials), for the executors' copies. */
    private final org.apache.spark.util.SerializableConfiguration hadoop;

    public UserStoreWriter(int maxParallelism, int shards, String modelDirectory, Configuration hadoop) {
        this.maxParallelism = maxParallelism;
        this.shards = shards;
        this.modelDirectory = modelDirectory;
        this.hadoop = new org.apache.spark.util.SerializableConfiguration(hadoop);
    }

    /** Options every shard is written with; readers only need to open the store read-only. */
    public static Options options() {
        BlockBasedTableConfig table = new BlockBasedTableConfig().setFormatVersion(TABLE_FORMAT_VERSION);
        return new Options()
                .setCreateIfMissing(true)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setTableFormatConfig(table);
    }

    /**
     * @param users columns user, factors (array of float), audience (array of string, may be empty)
     * @return the layout of the shards written
     */
    public UserStoreLayout write(Dataset<Row> users, int rank) {
        int maxP = maxParallelism;
        int count = shards;
        var shardOf = udf(
                (String user) -> UserStoreLayout.shardOf(KeyGroups.of(user, maxP), maxP, count), DataTypes.IntegerType);
        Dataset<Row> sharded = users.withColumn("shard", shardOf.apply(col("user")))
                .repartition(shards, col("shard"))
                .sortWithinPartitions("shard", "user");
        List<Tuple2<Integer, Long>> written = sharded.mapPartitions(
                        (MapPartitionsFunction<Row, Tuple2<Integer, Long>>) this::writePartition,
                        Encoders.tuple(Encoders.INT(), Encoders.LONG()))
                .collectAsList();
        List<UserStoreLayout.Shard> layout = new ArrayList<>();
        for (Tuple2<Integer, Long> shard : written) {
            int first = KeyGroups.rangeStart(maxParallelism, shards, shard._1());
            int last = KeyGroups.rangeEnd(maxParallelism, shards, shard._1());
            layout.add(new UserStoreLayout.Shard(
                    UserStoreLayout.shardPath(shard._1(), first, last), first, last, shard._2()));
        }
        layout.sort(Comparator.comparingInt(UserStoreLayout.Shard::firstKeyGroup));
        return new UserStoreLayout(maxParallelism, rank, TABLE_FORMAT_VERSION, layout);
    }

    private Iterator<Tuple2<Integer, Long>> writePartition(Iterator<Row> rows) throws IOException, RocksDBException {
        RocksDB.loadLibrary();
        List<Tuple2<Integer, Long>> done = new ArrayList<>();
        ShardBuilder current = null;
        while (rows.hasNext()) {
            Row row = rows.next();
            int shard = row.getInt(row.fieldIndex("shard"));
            if (current == null || current.shard != shard) {
                if (current != null) {
                    done.add(current.finish());
                }
                current = new ShardBuilder(shard);
            }
            List<Float> factorList = row.getList(row.fieldIndex("factors"));
            float[] factors = new float[factorList.size()];
            for (int i = 0; i < factors.length; i++) {
                factors[i] = factorList.get(i);
            }
            List<String> audience =
                    row.isNullAt(row.fieldIndex("audience")) ? List.of() : row.getList(row.fieldIndex("audience"));
            current.put(
                    row.getString(row.fieldIndex("user")), new UserRecord(factors, audience.toArray(String[]::new)));
        }
        if (current != null) {
            done.add(current.finish());
        }
        return done.iterator();
    }

    /** One shard being built in a local directory. */
    private final class ShardBuilder {

        private final int shard;
        private final java.nio.file.Path local;
        private final Options options = options();
        private final RocksDB db;
        private final WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);
        private long users;

        ShardBuilder(int shard) throws IOException, RocksDBException {
            this.shard = shard;
            this.local = Files.createTempDirectory("chuanliu-user-shard-" + shard + "-");
            this.db = RocksDB.open(options, local.toString());
        }

        void put(String user, UserRecord record) throws RocksDBException {
            db.put(writeOptions, user.getBytes(StandardCharsets.UTF_8), record.toBytes());
            users++;
        }

        Tuple2<Integer, Long> finish() throws IOException, RocksDBException {
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush);
                db.compactRange();
            }
            db.close();
            writeOptions.close();
            options.close();
            int first = KeyGroups.rangeStart(maxParallelism, shards, shard);
            int last = KeyGroups.rangeEnd(maxParallelism, shards, shard);
            Path target = new Path(modelDirectory, UserStoreLayout.shardPath(shard, first, last));
            FileSystem fs = target.getFileSystem(hadoop.value());
            fs.delete(target, true);
            fs.copyFromLocalFile(true, true, new Path(local.toUri()), target);
            return new Tuple2<>(shard, users);
        }
    }
}
