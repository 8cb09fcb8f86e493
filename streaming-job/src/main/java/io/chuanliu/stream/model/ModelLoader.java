package io.chuanliu.stream.model;

import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.common.model.BrandFactors;
import io.chuanliu.common.model.Checksums;
import io.chuanliu.common.model.ModelFiles;
import io.chuanliu.common.model.ModelManifest;
import io.chuanliu.common.model.UserStoreLayout;
import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.common.ranking.LinearRanker;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a published model for the streaming job and refuses anything it must not serve: a missing
 * or unfinished directory, a file that does not match the manifest's checksum, a model sharded for
 * another max parallelism, brand factors of the wrong rank. A refusal leaves whatever model was
 * serving in place; the caller counts it and logs the message.
 *
 * <p>A model with a {@code file:} URI (or a plain path) is read where it lies: a local disk or a
 * volume mounted on every TaskManager. A model on any other file system ({@code hdfs:}, {@code s3a:},
 * ...) is first copied to local disk by the {@link ModelFetcher}, only the shards of this subtask's
 * key groups, as RocksDB needs local files; every copied file is then checked like a local one. With
 * a model root (a path or a URI), a model outside it is refused, so whoever can write to
 * model-updates cannot point the job at any other directory or bucket.
 *
 * <p>Whatever goes wrong while loading, the caller gets a {@link ModelRejectedException}, never
 * another exception: a bad model must not take the job down.
 */
public final class ModelLoader {

    /** Spark's ALS defaults, for a model whose manifest does not record its own. */
    static final double DEFAULT_REG_PARAM = 0.1;

    static final double DEFAULT_ALPHA = 1.0;

    private final int maxParallelism;
    private final ModelRoot root;
    private final Duration historyHalfLife;
    private final int firstKeyGroup;
    private final int lastKeyGroup;
    private final ModelFetcher fetcher;

    public ModelLoader(int maxParallelism) {
        this(maxParallelism, (String) null, null);
    }

    public ModelLoader(int maxParallelism, String root, Duration historyHalfLife) {
        this(maxParallelism, root, historyHalfLife, 0, maxParallelism - 1, null);
    }

    /**
     * @param root the directory every model must lie under (a local path, or a URI such as
     *     {@code s3a://bucket/models}), or null or empty for anywhere
     * @param historyHalfLife the half-life of the job's own-history state: a ranker that decays its
     *     features differently is refused; null to accept any
     * @param firstKeyGroup the first key group whose users this loader's subtask serves
     * @param lastKeyGroup the last one: a remote model's other shards are not copied
     * @param fetcher copies remote models to local disk; null to refuse remote models
     */
    public ModelLoader(
            int maxParallelism,
            String root,
            Duration historyHalfLife,
            int firstKeyGroup,
            int lastKeyGroup,
            ModelFetcher fetcher) {
        this.maxParallelism = maxParallelism;
        this.root = new ModelRoot(root);
        this.historyHalfLife = historyHalfLife;
        this.firstKeyGroup = firstKeyGroup;
        this.lastKeyGroup = lastKeyGroup;
        this.fetcher = fetcher;
    }

    public LoadedModel load(ModelRef ref) throws ModelRejectedException {
        try {
            return verifiedModel(ref);
        } catch (ModelRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ModelRejectedException.of(ref, "unreadable model: " + e, e);
        }
    }

    private LoadedModel verifiedModel(ModelRef ref) throws ModelRejectedException {
        URI uri = uri(ref);
        boolean remote = ModelFetcher.isRemote(uri);
        Path dir;
        URI source = uri;
        if (remote) {
            if (fetcher == null) {
                throw ModelRejectedException.of(
                        ref,
                        "uri scheme '" + uri.getScheme()
                                + "' needs a local directory to copy the model to (model.cache-dir)");
            }
            source = root.confineRemote(uri, ref);
            dir = fetcher.fetchHead(ref, source);
        } else {
            dir = root.confine(directory(uri, ref), ref);
        }
        ModelManifest manifest = readManifest(dir, ref);
        if (!manifest.gatePassed()) {
            throw ModelRejectedException.of(ref, "its manifest does not record a passed publication gate");
        }
        if (!ref.checksums().isEmpty() && !ref.checksums().equals(manifest.checksums())) {
            throw ModelRejectedException.of(
                    ref,
                    "its manifest's checksums differ from those announced on model-updates: the directory changed after"
                            + " it was published; publish it again");
        }
        verify(dir, manifest, ModelFiles.BRAND_FACTORS, ref);
        verify(dir, manifest, ModelFiles.USER_STORE_LAYOUT, ref);
        UserStoreLayout layout;
        try {
            layout = EventJson.mapper()
                    .readValue(dir.resolve(ModelFiles.USER_STORE_LAYOUT).toFile(), UserStoreLayout.class);
        } catch (IOException e) {
            throw ModelRejectedException.of(
                    ref, "unreadable " + ModelFiles.USER_STORE_LAYOUT + ": " + e.getMessage(), e);
        }
        if (layout.maxParallelism() != maxParallelism) {
            throw ModelRejectedException.of(
                    ref,
                    "its user store is sharded for max parallelism " + layout.maxParallelism()
                            + " but this job runs with job.max-parallelism " + maxParallelism
                            + "; retrain with --store.max-parallelism "
                            + maxParallelism);
        }
        if (layout.shards() == null || layout.shards().isEmpty()) {
            throw ModelRejectedException.of(ref, ModelFiles.USER_STORE_LAYOUT + " lists no shards");
        }
        int next = 0;
        for (UserStoreLayout.Shard shard : layout.shards()) {
            if (shard == null
                    || shard.path() == null
                    || shard.firstKeyGroup() != next
                    || shard.lastKeyGroup() < shard.firstKeyGroup()) {
                throw ModelRejectedException.of(
                        ref,
                        "its user-store shards do not cover key groups 0.." + (maxParallelism - 1)
                                + " in order: at key group " + next + " the layout lists " + shard);
            }
            next = shard.lastKeyGroup() + 1;
        }
        if (next != maxParallelism) {
            throw ModelRejectedException.of(
                    ref, "its user-store shards end at key group " + (next - 1) + " of " + (maxParallelism - 1));
        }
        Map<String, String> checksums = manifest.checksums();
        // A local model is complete where it lies; of a remote one, this subtask copies the shards it serves.
        List<UserStoreLayout.Shard> present = remote ? layout.shardsFor(firstKeyGroup, lastKeyGroup) : layout.shards();
        if (remote) {
            fetcher.fetchShards(ref, source, dir, checksums, present);
        }
        for (UserStoreLayout.Shard shard : present) {
            if (!Files.isDirectory(dir.resolve(shard.path()))) {
                throw ModelRejectedException.of(ref, "user-store shard " + shard.path() + " is missing");
            }
        }
        return LoadedModel.of(
                ref.version(),
                dir,
                layout.rank(),
                brandSide(dir, layout.rank(), ref),
                layout,
                manifest.parameter("reg_param", DEFAULT_REG_PARAM),
                manifest.parameter("alpha", DEFAULT_ALPHA),
                checksums,
                ranker(manifest, ref));
    }

    /** The manifest's ranker, if this job computes exactly it. */
    private LinearRanker ranker(ModelManifest manifest, ModelRef ref) throws ModelRejectedException {
        if (manifest.ranker() == null) {
            throw ModelRejectedException.of(
                    ref,
                    "its manifest names no ranker: it was trained by a version before the served ranker; retrain it");
        }
        LinearRanker ranker;
        try {
            ranker = manifest.ranker().requireComputable();
        } catch (IllegalArgumentException e) {
            throw ModelRejectedException.of(ref, "its ranker cannot be computed here: " + e.getMessage());
        }
        if (historyHalfLife != null && !Duration.parse(ranker.halfLife()).equals(historyHalfLife)) {
            throw ModelRejectedException.of(
                    ref,
                    "its ranker decays own history with half-life " + ranker.halfLife() + " but the job keeps it with "
                            + historyHalfLife + " (ranker.half-life): retrain with --features.half-life "
                            + historyHalfLife
                            + " or run the job with --ranker.half-life " + ranker.halfLife());
        }
        return ranker;
    }

    private static URI uri(ModelRef ref) throws ModelRejectedException {
        try {
            return URI.create(ref.uri());
        } catch (IllegalArgumentException e) {
            throw ModelRejectedException.of(ref, "uri '" + ref.uri() + "' is not a URI", e);
        }
    }

    private static Path directory(URI uri, ModelRef ref) throws ModelRejectedException {
        Path dir = uri.getScheme() == null ? Path.of(ref.uri()) : Path.of(uri);
        if (!Files.isDirectory(dir)) {
            throw ModelRejectedException.of(ref, dir + " is not a directory on this TaskManager");
        }
        return dir;
    }

    private static ModelManifest readManifest(Path dir, ModelRef ref) throws ModelRejectedException {
        Path manifest = dir.resolve(ModelFiles.MANIFEST);
        if (!Files.exists(manifest)) {
            throw ModelRejectedException.of(
                    ref, dir + " has no " + ModelFiles.MANIFEST + ": an unfinished or failed training run");
        }
        try {
            ModelManifest read = EventJson.mapper().readValue(manifest.toFile(), ModelManifest.class);
            if (!ref.version().equals(read.version())) {
                throw ModelRejectedException.of(ref, "the manifest is of version '" + read.version() + "'");
            }
            return read;
        } catch (IOException e) {
            throw ModelRejectedException.of(ref, "unreadable manifest: " + e.getMessage(), e);
        }
    }

    private static void verify(Path dir, ModelManifest manifest, String file, ModelRef ref)
            throws ModelRejectedException {
        String expected = manifest.checksums().getOrDefault(file, "");
        if (expected.isEmpty()) {
            throw ModelRejectedException.of(ref, "the manifest lists no checksum for " + file);
        }
        String actual;
        try {
            actual = Checksums.sha256(dir.resolve(file));
        } catch (IOException e) {
            throw ModelRejectedException.of(ref, "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!expected.equals(actual)) {
            throw ModelRejectedException.of(
                    ref, file + " does not match its checksum in the manifest (corrupt or partial copy)");
        }
    }

    private static BrandSide brandSide(Path dir, int rank, ModelRef ref) throws ModelRejectedException {
        List<BrandFactors> brands = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(dir.resolve(ModelFiles.BRAND_FACTORS));
            for (int i = 0; i < lines.size(); i++) {
                BrandFactors b = EventJson.mapper().readValue(lines.get(i), BrandFactors.class);
                if (b.brand() == null || (b.factors() != null && b.factors().length != rank) || b.buyers() < 0) {
                    throw ModelRejectedException.of(
                            ref,
                            ModelFiles.BRAND_FACTORS + " line " + (i + 1) + " is not a brand with " + rank
                                    + " factors (or none) and a buyer count");
                }
                brands.add(b);
            }
        } catch (IOException e) {
            throw ModelRejectedException.of(ref, "unreadable " + ModelFiles.BRAND_FACTORS + ": " + e.getMessage(), e);
        }
        if (brands.isEmpty()) {
            throw ModelRejectedException.of(ref, ModelFiles.BRAND_FACTORS + " is empty");
        }
        try {
            return BrandSide.of(brands);
        } catch (IllegalArgumentException e) {
            throw ModelRejectedException.of(ref, ModelFiles.BRAND_FACTORS + ": " + e.getMessage());
        }
    }
}
