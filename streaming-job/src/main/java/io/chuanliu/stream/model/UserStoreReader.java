package io.chuanliu.stream.model;

import io.chuanliu.common.model.KeyGroups;
import io.chuanliu.common.model.UserRecord;
import io.chuanliu.common.model.UserStoreLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
                stores.add(RocksDB.openReadOnly(options, modelDirectory.resolve(shard.path()).toString()));
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
        throw new IllegalArgumentException("user " + user + " is in key group " + keyGroup + ", outside this reader's shards");
    }

    @Override
    public void close() {
        stores.forEach(RocksDB::close);
        stores.clear();
        options.close();
    }
}
