package io.chuanliu.stream.model;

import io.chuanliu.common.model.Checksums;
import io.chuanliu.common.model.KeyGroups;
import io.chuanliu.common.model.UserRecord;
import io.chuanliu.common.model.UserStoreLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * One subtask's read-only view of the model's user store: it opens only the shards that hold its
 * own key groups [first, last], with the RocksDB that Flink ships (FRocksDB), and looks users up by
 * key. Closing it closes every shard.
 */
public final class UserStoreReader implements AutoCloseable {

    private final UserStoreLayout layout;
    private final List<UserStoreLayout.Shard> shards;
    private final List<RocksDB> stores = new ArrayList<>();
    private final Options options = new Options();

    /** A reader of a loaded model's shards for key groups [first, last], every file checked against the manifest. */
    public static UserStoreReader open(LoadedModel model, int firstKeyGroup, int lastKeyGroup)
            throws ModelRejectedException {
        List<UserStoreLayout.Shard> shards = model.userStore().shardsFor(firstKeyGroup, lastKeyGroup);
        for (UserStoreLayout.Shard shard : shards) {
            verify(model, shard);
        }
        return new UserStoreReader(model.directory(), model.userStore(), firstKeyGroup, lastKeyGroup);
    }

    /** Every file of the shard is listed in the manifest with this content, and every listed one is there. */
    private static void verify(LoadedModel model, UserStoreLayout.Shard shard) throws ModelRejectedException {
        Path dir = model.directory().resolve(shard.path());
        String prefix = shard.path() + "/";
        Set<String> expected = new HashSet<>();
        model.checksums().keySet().stream()
                .filter(k -> k.startsWith(prefix) && isData(k.substring(k.lastIndexOf('/') + 1)))
                .forEach(expected::add);
        if (expected.isEmpty()) {
            throw new ModelRejectedException(
                    "model " + model.version() + " rejected: its manifest lists no files of shard " + shard.path());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String relative = model.directory().relativize(file).toString().replace('\\', '/');
                if (!isData(file.getFileName().toString())) {
                    continue;
                }
                String sum = model.checksums().get(relative);
                if (sum == null) {
                    throw new ModelRejectedException(
                            "model " + model.version() + " rejected: " + relative + " is not in its manifest");
                }
                if (!sum.equals(Checksums.sha256(file))) {
                    throw new ModelRejectedException("model " + model.version() + " rejected: " + relative
                            + " does not match its checksum in the manifest (corrupt or partial copy)");
                }
                expected.remove(relative);
            }
        } catch (IOException e) {
            throw new ModelRejectedException(
                    "model " + model.version() + " rejected: cannot read shard " + shard.path() + ": " + e, e);
        }
        if (!expected.isEmpty()) {
            throw new ModelRejectedException(
                    "model " + model.version() + " rejected: shard files missing: " + expected);
        }
    }

    /** RocksDB's info logs (which opening a store may write) and Hadoop's .crc files are not model data. */
    private static boolean isData(String name) {
        return !(name.startsWith(".") || name.endsWith(".crc") || name.equals("LOG") || name.startsWith("LOG.old"));
    }

    /**
     * @throws ModelRejectedException if a shard does not open (corrupt, or an unreadable table format)
     */
    public UserStoreReader(Path modelDirectory, UserStoreLayout layout, int firstKeyGroup, int lastKeyGroup)
            throws ModelRejectedException {
        this.layout = layout;
        this.shards = layout.shardsFor(firstKeyGroup, lastKeyGroup);
        RocksDB.loadLibrary();
        try {
            for (UserStoreLayout.Shard shard : shards) {
                stores.add(RocksDB.openReadOnly(
                        options, modelDirectory.resolve(shard.path()).toString()));
            }
        } catch (RocksDBException e) {
            close();
            throw new ModelRejectedException("user-store shard does not open: " + e.getMessage(), e);
        }
    }

    /** The shards this reader opened. */
    public List<UserStoreLayout.Shard> shards() {
        return shards;
    }

    /** The user's record, or null when the model does not know the user (fold-in territory). */
    public UserRecord lookup(String user) throws RocksDBException {
        int keyGroup = KeyGroups.of(user, layout.maxParallelism());
        for (int i = 0; i < shards.size(); i++) {
            UserStoreLayout.Shard shard = shards.get(i);
            if (keyGroup >= shard.firstKeyGroup() && keyGroup <= shard.lastKeyGroup()) {
                byte[] value = stores.get(i).get(user.getBytes(StandardCharsets.UTF_8));
                return value == null ? null : UserRecord.fromBytes(value);
            }
        }
        throw new IllegalArgumentException(
                "user " + user + " is in key group " + keyGroup + ", outside this reader's shards");
    }

    @Override
    public void close() {
        stores.forEach(RocksDB::close);
        stores.clear();
        options.close();
    }
}
