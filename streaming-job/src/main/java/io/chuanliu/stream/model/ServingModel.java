package io.chuanliu.stream.model;

import io.chuanliu.common.model.KeyGroups;
import io.chuanliu.common.model.UserRecord;
import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.common.ranking.LinearRanker;
import io.chuanliu.stream.records.ModelUpdate;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model one routing subtask serves: the brand side in memory and a reader of the user-store
 * shards of this subtask's key groups. {@link #swap} loads and verifies the new model beside the old
 * one and switches only when it is complete; a rejected model leaves the old one serving, and its
 * version is remembered so that nothing retries it record by record. A model that fails while serving
 * (a shard unreadable at lookup time) is dropped: the subtask serves no model, counted, until the
 * next announcement, instead of failing the job.
 */
public final class ServingModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServingModel.class);
    private static final int REMEMBERED_REJECTIONS = 16;

    private final ModelLoader loader;
    private final ModelFetcher fetcher;
    private final int firstKeyGroup;
    private final int lastKeyGroup;
    private final Set<String> rejected = new LinkedHashSet<>();
    private LoadedModel model;
    private UserStoreReader users;
    private long lookupFailures;

    /**
     * The model a routing subtask serves, copying remote models into a directory of its own under
     * {@code cacheDir} (empty: the JVM's temporary directory) that closing deletes.
     *
     * @param modelRoot where every served model must lie (a path or a URI), empty for anywhere
     */
    public static ServingModel forSubtask(
            RuntimeContext context, String modelRoot, String cacheDir, java.time.Duration historyHalfLife) {
        TaskInfo task = context.getTaskInfo();
        Path cacheRoot =
                Path.of(cacheDir.isEmpty() ? System.getProperty("java.io.tmpdir") : cacheDir, "chuanliu-models");
        ModelFetcher fetcher = ModelFetcher.forSubtask(
                cacheRoot,
                context.getJobInfo().getJobId().toString(),
                task.getIndexOfThisSubtask(),
                task.getAttemptNumber());
        return new ServingModel(
                task.getMaxNumberOfParallelSubtasks(),
                task.getNumberOfParallelSubtasks(),
                task.getIndexOfThisSubtask(),
                modelRoot,
                fetcher,
                historyHalfLife);
    }

    /**
     * @param modelRoot where every served model must lie (a path or a URI), empty for anywhere
     * @param fetcher where this subtask copies models from remote file systems
     */
    ServingModel(
            int maxParallelism,
            int parallelism,
            int subtask,
            String modelRoot,
            ModelFetcher fetcher,
            java.time.Duration historyHalfLife) {
        this.firstKeyGroup = KeyGroups.rangeStart(maxParallelism, parallelism, subtask);
        this.lastKeyGroup = KeyGroups.rangeEnd(maxParallelism, parallelism, subtask);
        this.fetcher = fetcher;
        this.loader = new ModelLoader(maxParallelism, modelRoot, historyHalfLife, firstKeyGroup, lastKeyGroup, fetcher);
    }

    /** The version served, or "none". */
    public String version() {
        return model == null ? "none" : model.version();
    }

    public boolean serves(String version) {
        return model != null && model.version().equals(version);
    }

    /** Whether this version failed to load or to serve here before: a restored announcement of it is not retried. */
    public boolean hasRejected(String version) {
        return rejected.contains(version);
    }

    public void swap(ModelUpdate update) throws ModelRejectedException {
        try {
            LoadedModel next = loader.load(update.toRef());
            UserStoreReader nextUsers = UserStoreReader.open(next, firstKeyGroup, lastKeyGroup);
            UserStoreReader previous = users;
            model = next;
            users = nextUsers;
            rejected.remove(update.version);
            if (previous != null) {
                previous.close();
            }
        } catch (ModelRejectedException e) {
            remember(update.version);
            throw e;
        } catch (RuntimeException | LinkageError e) {
            remember(update.version);
            throw new ModelRejectedException(
                    "model " + update.name + " version " + update.version + " rejected: " + e, e);
        } finally {
            dropUnservedCopies();
        }
    }

    /** Local copies of remote models that are not served (the one replaced, one rejected) are deleted. */
    private void dropUnservedCopies() {
        try {
            fetcher.keepOnly(model == null ? null : model.directory());
        } catch (RuntimeException e) {
            LOG.warn("cannot delete unserved model copies: {}", e.toString());
        }
    }

    private void remember(String version) {
        rejected.add(version);
        if (rejected.size() > REMEMBERED_REJECTIONS) {
            rejected.remove(rejected.iterator().next());
        }
    }

    public boolean isLoaded() {
        return model != null;
    }

    /** How many lookups failed and dropped the served model. */
    public long lookupFailures() {
        return lookupFailures;
    }

    /**
     * The user's record in the served model, or null without a model or when the model does not know
     * the user. A lookup that fails (a corrupt block, a key outside the shards) drops the model.
     */
    public UserRecord userRecord(String user) {
        if (model == null) {
            return null;
        }
        try {
            return users.lookup(user);
        } catch (Exception | LinkageError e) {
            lookupFailures++;
            LOG.error(
                    "model version {} failed a lookup and is no longer served by this subtask (key groups {}..{}): {}",
                    model.version(),
                    firstKeyGroup,
                    lastKeyGroup,
                    e.toString());
            remember(model.version());
            users.close();
            model = null;
            users = null;
            dropUnservedCopies();
            return null;
        }
    }

    /** Fold-in factors for a user the model does not know, from recent touches; null without a model or a known brand. */
    public float[] foldIn(String[] brands, double[] strengths) {
        if (model == null) {
            return null;
        }
        int n = 0;
        String[] touched = new String[brands.length];
        double[] strong = new double[brands.length];
        for (int i = 0; i < brands.length; i++) {
            if (strengths[i] > 0) { // no valid touch left: not a sign of taste
                touched[n] = brands[i];
                strong[n++] = strengths[i];
            }
        }
        return FoldIn.userFactors(model, Arrays.copyOf(touched, n), Arrays.copyOf(strong, n));
    }

    /** The served model's ranker, or null without a model. */
    public LinearRanker ranker() {
        return model == null ? null : model.ranker();
    }

    /** The served model's brand side, or null without a model. */
    public BrandSide brandSide() {
        return model == null ? null : model.brandSide();
    }

    @Override
    public void close() {
        if (users != null) {
            users.close();
        }
        fetcher.close();
    }
}
