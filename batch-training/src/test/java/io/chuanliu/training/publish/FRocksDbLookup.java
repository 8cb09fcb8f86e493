package io.chuanliu.training.publish;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Run in a child JVM whose classpath has Flink's FRocksDB instead of rocksdbjni: opens a store
 * read-only and prints {@code key=hex(value)} for each key asked, or {@code key=absent}.
 */
public final class FRocksDbLookup {

    private FRocksDbLookup() {}

    public static void main(String[] args) throws Exception {
        RocksDB.loadLibrary();
        try (Options options = new Options();
                RocksDB db = RocksDB.openReadOnly(options, args[0])) {
            for (int i = 1; i < args.length; i++) {
                byte[] value = db.get(args[i].getBytes(StandardCharsets.UTF_8));
                System.out.println(args[i] + "="
                        + (value == null ? "absent" : HexFormat.of().formatHex(value)));
            }
        }
    }
}
