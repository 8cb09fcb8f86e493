package io.chuanliu.stream.functions;

import io.chuanliu.common.model.KeyGroups;
import io.chuanliu.common.model.UserRecord;
import io.chuanliu.stream.model.FoldIn;
import io.chuanliu.stream.model.LoadedModel;
import io.chuanliu.stream.model.ModelLoader;
import io.chuanliu.stream.model.ModelRejectedException;
import io.chuanliu.stream.model.UserStoreReader;
import io.chuanliu.stream.records.ModelUpdate;
import org.rocksdb.RocksDBException;

/**
 * The model one routing subtask serves: the brand side in memory and a reader of the user-store
 * shards of this subtask's key groups. {@link #swap} loads and verifies the new model beside the old
 * one and switches only when it is complete; a rejected model leaves the old one serving.
 */
final class ServingModel implements AutoCloseable {

    private final ModelLoader loader;
    private final int firstKeyGroup;
    private final int lastKeyGroup;
    private LoadedModel model;
    private UserStoreReader users;

    ServingModel(int maxParallelism, int parallelism, int subtask) {
        this.loader = new ModelLoader(maxParallelism);
        this.firstKeyGroup = KeyGroups.rangeStart(maxParallelism, parallelism, subtask);
        this.lastKeyGroup = KeyGroups.rangeEnd(maxParallelism, parallelism, subtask);
    }

    /** The version served, or "none". */
    String version() {
        return model == null ? "none" : model.version();
    }

    boolean serves(String version) {
        return model != null && model.version().equals(version);
    }

    void swap(ModelUpdate update) throws ModelRejectedException {
        LoadedModel next = loader.load(update.toRef());
        UserStoreReader nextUsers = new UserStoreReader(next.directory(), next.userStore(), firstKeyGroup, lastKeyGroup);
        UserStoreReader previous = users;
        model = next;
        users = nextUsers;
        if (previous != null) {
            previous.close();
        }
    }

    boolean isLoaded() {
        return model != null;
    }

    /** The user's record in the served model, or null without a model or when the model does not know the user. */
    UserRecord userRecord(String user) throws RocksDBException {
        return model == null ? null : users.lookup(user);
    }

    /** Fold-in factors for a user the model does not know, from recent touches; null without a model or a known brand. */
    float[] foldIn(String[] brands, double[] strengths) {
        return model == null ? null : FoldIn.userFactors(model, brands, strengths);
    }

    /** Affinity of a user with these factors for the brand, or NaN when either is unknown to the model. */
    double affinity(float[] userFactors, String brand) {
        return model == null || userFactors == null ? Double.NaN : model.affinity(userFactors, brand);
    }

    @Override
    public void close() {
        if (users != null) {
            users.close();
        }
    }
}
