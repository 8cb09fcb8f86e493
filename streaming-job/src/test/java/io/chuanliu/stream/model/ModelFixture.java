package io.chuanliu.stream.model;

import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.common.model.BrandFactors;
import io.chuanliu.common.model.Checksums;
import io.chuanliu.common.model.KeyGroups;
import io.chuanliu.common.model.ModelFiles;
import io.chuanliu.common.model.UserRecord;
import io.chuanliu.common.model.UserStoreLayout;
import io.chuanliu.common.ranking.LinearRanker;
import io.chuanliu.common.ranking.RankerFeatures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Writes a small model directory in the layout the training job publishes (shards written here with FRocksDB). */
public final class ModelFixture {

    static final int MAX_PARALLELISM = 128;
    static final int SHARDS = 4;

    /** A ranker that weighs the ALS score alone: it ranks brands as the fixture's factors say. */
    public static final LinearRanker ALS_ONLY = alsOnly();

    private ModelFixture() {}

    private static LinearRanker alsOnly() {
        int n = RankerFeatures.NAMES.size();
        double[] mean = new double[n];
        double[] std = new double[n];
        double[] weights = new double[n];
        java.util.Arrays.fill(std, 1.0);
        weights[RankerFeatures.NAMES.indexOf("als_score")] = 1.0;
        return new LinearRanker(LinearRanker.TYPE, RankerFeatures.NAMES, mean, std, weights, -2.0, "PT336H");
    }

    /** Users u0..u(n-1) with factors {i - 5, 1}; brands b1 {1, 0} and b2 {0, 1}: u0..u4 prefer b2, u6.. prefer b1. */
    static ModelRef write(Path dir, String version, int users) throws Exception {
        return write(dir, version, users, MAX_PARALLELISM, SHARDS);
    }

    /** As above, sharded for {@code maxParallelism} key groups in {@code shardCount} shards. */
    public static ModelRef write(Path dir, String version, int users, int maxParallelism, int shardCount)
            throws Exception {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve(ModelFiles.BRAND_FACTORS),
                EventJson.toJson(new BrandFactors("b1", new float[] {1, 0})) + "\n"
                        + EventJson.toJson(new BrandFactors("b2", new float[] {0, 1})) + "\n");
        RocksDB.loadLibrary();
        List<UserStoreLayout.Shard> shards = new ArrayList<>();
        for (int s = 0; s < shardCount; s++) {
            int first = KeyGroups.rangeStart(maxParallelism, shardCount, s);
            int last = KeyGroups.rangeEnd(maxParallelism, shardCount, s);
            String path = UserStoreLayout.shardPath(s, first, last);
            long count = 0;
            try (Options options = new Options().setCreateIfMissing(true);
                    RocksDB db = RocksDB.open(
                            options, Files.createDirectories(dir.resolve(path)).toString())) {
                for (int u = 0; u < users; u++) {
                    int keyGroup = KeyGroups.of("u" + u, maxParallelism);
                    if (keyGroup >= first && keyGroup <= last) {
                        db.put(
                                ("u" + u).getBytes(StandardCharsets.UTF_8),
                                new UserRecord(new float[] {u - 5, 1}, u % 2 == 0 ? new String[] {"b2"} : new String[0])
                                        .toBytes());
                        count++;
                    }
                }
            }
            shards.add(new UserStoreLayout.Shard(path, first, last, count));
        }
        Files.writeString(
                dir.resolve(ModelFiles.USER_STORE_LAYOUT),
                EventJson.toJson(new UserStoreLayout(maxParallelism, 2, 5, shards)));
        writeManifest(dir, version);
        // Announced without checksums, so tests may edit the model after writing it and reach the
        // loader's other checks; announced(...) gives the reference a publisher would send.
        return new ModelRef("affinity", version, dir.toUri().toString(), null, 0);
    }

    /** The reference the publisher announces for the model in {@code dir}: with the manifest's checksums. */
    public static ModelRef announced(Path dir) throws Exception {
        var manifest = EventJson.mapper()
                .readValue(dir.resolve(ModelFiles.MANIFEST).toFile(), io.chuanliu.common.model.ModelManifest.class);
        return new ModelRef(manifest.name(), manifest.version(), dir.toUri().toString(), manifest.checksums(), 0);
    }

    /** As training does: checksums of every file but the manifest and dot files, in a manifest with a passed gate. */
    private static Map<String, String> writeManifest(Path dir, String version) throws Exception {
        Map<String, String> checksums = new LinkedHashMap<>();
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String relative = dir.relativize(file).toString().replace('\\', '/');
                if (!file.getFileName().toString().startsWith(".") && !relative.equals(ModelFiles.MANIFEST)) {
                    checksums.put(relative, Checksums.sha256(file));
                }
            }
        }
        Files.writeString(
                dir.resolve(ModelFiles.MANIFEST),
                EventJson.toJson(Map.of(
                        "name",
                        "affinity",
                        "version",
                        version,
                        "gate",
                        Map.of("passed", true),
                        "ranker",
                        ALS_ONLY,
                        "checksums",
                        checksums)));
        return checksums;
    }

    /**
     * Stores bytes that are no user record for {@code user} in every shard, and re-signs the model: a
     * model that passes every check at load and fails at lookup, as a writer bug would make.
     */
    public static void corruptUser(Path dir, String version, String user) throws Exception {
        try (var shards = Files.list(dir.resolve(ModelFiles.USER_STORE))) {
            for (Path shard : shards.filter(Files::isDirectory).toList()) {
                try (Options options = new Options();
                        RocksDB db = RocksDB.open(options, shard.toString())) {
                    db.put(user.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF, 1, 2});
                }
            }
        }
        writeManifest(dir, version);
    }

    /** Brings the manifest's checksum of one file up to date after a test edited the file. */
    public static void rewriteChecksum(Path modelDir, String file) throws Exception {
        Path manifest = modelDir.resolve(ModelFiles.MANIFEST);
        var node = (com.fasterxml.jackson.databind.node.ObjectNode)
                io.chuanliu.common.json.EventJson.mapper().readTree(manifest.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("checksums"))
                .put(file, Checksums.sha256(modelDir.resolve(file)));
        Files.writeString(manifest, node.toString());
    }
}
