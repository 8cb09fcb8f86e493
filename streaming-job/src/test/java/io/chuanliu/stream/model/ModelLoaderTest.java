package io.chuanliu.stream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.model.KeyGroups;
import io.chuanliu.common.model.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {

    @TempDir
    Path dir;

    private final ModelLoader loader = new ModelLoader(ModelFixture.MAX_PARALLELISM);

    @Test
    void shouldLoadAVerifiedModelAndScoreAffinityFromItsBrandFactors() throws Exception {
        ModelRef ref = ModelFixture.write(dir.resolve("v1"), "v1", 50);

        LoadedModel model = loader.load(ref);

        assertThat(model.version()).isEqualTo("v1");
        assertThat(model.rank()).isEqualTo(2);
        assertThat(model.brandFactors()).containsOnlyKeys("b1", "b2");
        assertThat(model.affinity(new float[] {3, 1}, "b1")).isEqualTo(3.0);
        assertThat(model.affinity(new float[] {3, 1}, "unknown")).isNaN();
    }

    @Test
    void shouldRejectAFileThatDoesNotMatchItsChecksum() throws Exception {
        ModelRef ref = ModelFixture.write(dir.resolve("v1"), "v1", 10);
        Files.writeString(
                dir.resolve("v1").resolve(ModelFiles.BRAND_FACTORS),
                "{\"brand\":\"b9\",\"factors\":[1,1]}\n",
                java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> loader.load(ref))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessage(
                        "model affinity version v1 rejected: brand_factors.jsonl does not match its checksum in the manifest (corrupt or partial copy)");
    }

    @Test
    void shouldServeAnAnnouncedModelOnlyWhileItsManifestMatchesTheAnnouncedChecksums() throws Exception {
        ModelFixture.write(dir.resolve("v1"), "v1", 10);
        ModelRef announced = ModelFixture.announced(dir.resolve("v1"));
        assertThat(announced.checksums()).containsKey(ModelFiles.BRAND_FACTORS);
        assertThat(loader.load(announced).version()).isEqualTo("v1");

        // The directory is rewritten after publication, consistently with itself: only the announcement can tell.
        Files.writeString(
                dir.resolve("v1").resolve(ModelFiles.BRAND_FACTORS),
                "{\"brand\":\"b9\",\"factors\":[1,1]}\n",
                java.nio.file.StandardOpenOption.APPEND);
        ModelFixture.rewriteChecksum(dir.resolve("v1"), ModelFiles.BRAND_FACTORS);

        assertThatThrownBy(() -> loader.load(announced))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("differ from those announced on model-updates")
                .hasMessageContaining("publish it again");
    }

    @Test
    void shouldRejectAModelWithoutARankerOrWithOneThisJobCannotCompute() throws Exception {
        ModelRef ref = ModelFixture.write(dir.resolve("v1"), "v1", 10);
        Path manifest = dir.resolve("v1").resolve(ModelFiles.MANIFEST);
        var node = (com.fasterxml.jackson.databind.node.ObjectNode)
                io.chuanliu.common.json.EventJson.mapper().readTree(manifest.toFile());

        node.remove("ranker");
        Files.writeString(manifest, node.toString());
        assertThatThrownBy(() -> loader.load(ref))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("names no ranker")
                .hasMessageContaining("retrain");

        var ranker = io.chuanliu.common.json.EventJson.mapper().valueToTree(ModelFixture.ALS_ONLY);
        ((com.fasterxml.jackson.databind.node.ObjectNode) ranker)
                .putArray("features")
                .add("als_score")
                .add("tomorrows_feature");
        node.set("ranker", ranker);
        Files.writeString(manifest, node.toString());
        assertThatThrownBy(() -> loader.load(ref))
                .hasMessageContaining("ranker cannot be computed here")
                .hasMessageContaining("tomorrows_feature");
    }

    @Test
    void shouldRejectARankerThatDecaysOwnHistoryWithAnotherHalfLifeThanTheJob() throws Exception {
        ModelRef ref = ModelFixture.write(dir.resolve("v1"), "v1", 10);

        assertThat(new ModelLoader(ModelFixture.MAX_PARALLELISM, null, java.time.Duration.ofDays(14))
                        .load(ref)
                        .ranker())
                .usingRecursiveComparison()
                .isEqualTo(ModelFixture.ALS_ONLY);
        assertThatThrownBy(() ->
                        new ModelLoader(ModelFixture.MAX_PARALLELISM, null, java.time.Duration.ofDays(30)).load(ref))
                .hasMessageContaining("half-life PT336H but the job keeps it with PT720H (ranker.half-life)");
    }

    @Test
    void shouldRejectAModelShardedForAnotherMaxParallelism() throws Exception {
        ModelRef ref = ModelFixture.write(dir.resolve("v1"), "v1", 10);

        assertThatThrownBy(() -> new ModelLoader(1024).load(ref))
                .hasMessageContaining(
                        "sharded for max parallelism 128 but this job runs with job.max-parallelism 1024");
    }

    @Test
    void shouldRejectAnUnfinishedDirectoryAndForeignStorage() throws Exception {
        ModelRef ref = ModelFixture.write(dir.resolve("v1"), "v1", 10);
        Files.delete(dir.resolve("v1").resolve(ModelFiles.MANIFEST));

        assertThatThrownBy(() -> loader.load(ref)).hasMessageContaining("has no manifest.json");
        assertThatThrownBy(() -> loader.load(new ModelRef("affinity", "v2", "s3://bucket/models/v2", null, 0)))
                .hasMessageContaining("uri scheme 's3' needs a local directory to copy the model to (model.cache-dir)");
    }

    @Test
    void shouldRejectAUriTypoInsteadOfThrowing() throws Exception {
        assertThatThrownBy(() -> loader.load(new ModelRef("affinity", "v1", "file://models/v1", null, 0)))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("model affinity version v1 rejected");
        assertThatThrownBy(() -> loader.load(new ModelRef("affinity", "v1", "file:///no/such\u0000dir", null, 0)))
                .isInstanceOf(ModelRejectedException.class);
    }

    @Test
    void shouldRejectAModelOutsideTheModelRoot() throws Exception {
        ModelRef inside = ModelFixture.write(dir.resolve("models/v1"), "v1", 10);
        ModelRef outside = ModelFixture.write(dir.resolve("elsewhere/v2"), "v2", 10);
        ModelLoader confined = new ModelLoader(
                ModelFixture.MAX_PARALLELISM, dir.resolve("models").toString(), null);

        assertThat(confined.load(inside).version()).isEqualTo("v1");
        assertThatThrownBy(() -> confined.load(outside))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("is outside the model root");
        ModelRef climbing = new ModelRef(
                "affinity", "v2", dir.resolve("models/../elsewhere/v2").toString(), null, 0);
        assertThatThrownBy(() -> confined.load(climbing)).hasMessageContaining("is outside the model root");
    }

    @Test
    void shouldRejectARemoteModelOutsideARemoteRootBeforeCopyingAnything() throws Exception {
        Path cache = dir.resolve("cache");
        ModelLoader confined = new ModelLoader(
                ModelFixture.MAX_PARALLELISM,
                "hdfs://nn:8020/chuanliu/models",
                null,
                0,
                ModelFixture.MAX_PARALLELISM - 1,
                new ModelFetcher(cache));

        for (String uri : List.of(
                "hdfs://nn:8020/chuanliu/models/../elsewhere/v1",
                "hdfs://other:8020/chuanliu/models/v1",
                "s3a://nn:8020/chuanliu/models/v1",
                "hdfs://nn:8020/chuanliu/models-old/v1",
                "hdfs://nn:8020/chuanliu/models/../../x")) {
            assertThatThrownBy(() -> confined.load(new ModelRef("affinity", "v1", uri, null, 0)))
                    .as(uri)
                    .isInstanceOf(ModelRejectedException.class)
                    .hasMessageMatching(".*(is outside the model root|climbs out).*");
        }
        ModelRef local = ModelFixture.write(dir.resolve("v1"), "v1", 10);
        assertThatThrownBy(() -> confined.load(local))
                .hasMessageContaining("is outside the model root hdfs://nn:8020/chuanliu/models");
        assertThat(cache).as("nothing was copied").doesNotExist();
    }

    @Test
    void shouldRejectALayoutWhoseShardsLeaveKeyGroupsUncovered() throws Exception {
        ModelRef ref = ModelFixture.write(dir.resolve("v1"), "v1", 10);
        Path layout = dir.resolve("v1").resolve(ModelFiles.USER_STORE_LAYOUT);
        Files.writeString(
                layout, Files.readString(layout).replaceFirst("\\{[^{}]*\"first_key_group\":0[^{}]*\\},?", ""));
        ModelFixture.rewriteChecksum(dir.resolve("v1"), ModelFiles.USER_STORE_LAYOUT);

        assertThatThrownBy(() -> loader.load(ref))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("do not cover key groups 0..127");
    }

    @Test
    void shouldRejectAShardFileThatDoesNotMatchItsChecksumWhenOpeningIt() throws Exception {
        ModelRef ref = ModelFixture.write(dir.resolve("v1"), "v1", 200);
        LoadedModel model = loader.load(ref);
        Path sst;
        try (var files = Files.walk(
                dir.resolve("v1").resolve(model.userStore().shards().get(0).path()))) {
            sst = files.filter(f -> f.toString().endsWith(".sst")
                            || f.getFileName().toString().startsWith("MANIFEST"))
                    .findFirst()
                    .orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(sst);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(sst, bytes);

        assertThatThrownBy(() -> UserStoreReader.open(model, 0, ModelFixture.MAX_PARALLELISM - 1)
                        .close())
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("does not match its checksum");
        UserStoreReader.open(model, ModelFixture.MAX_PARALLELISM - 1, ModelFixture.MAX_PARALLELISM - 1)
                .close(); // other shards still open
    }

    @Test
    void shouldOpenOnlyTheShardsOfASubtasksKeyGroupsAndFindItsUsers() throws Exception {
        ModelRef ref = ModelFixture.write(dir.resolve("v1"), "v1", 200);
        LoadedModel model = loader.load(ref);
        int first = KeyGroups.rangeStart(ModelFixture.MAX_PARALLELISM, 2, 0);
        int last = KeyGroups.rangeEnd(ModelFixture.MAX_PARALLELISM, 2, 0);

        try (UserStoreReader reader = new UserStoreReader(model.directory(), model.userStore(), first, last)) {
            assertThat(reader.shards()).hasSize(2);
            int found = 0;
            for (int u = 0; u < 200; u++) {
                int keyGroup = KeyGroups.of("u" + u, ModelFixture.MAX_PARALLELISM);
                if (keyGroup >= first && keyGroup <= last) {
                    var record = reader.lookup("u" + u);
                    assertThat(record.factors()).containsExactly((float) (u - 5), 1f);
                    assertThat(record.audienceBrands()).hasSize(u % 2 == 0 ? 1 : 0);
                    found++;
                }
            }
            assertThat(found).isPositive();
            assertThat(reader.lookup(firstUserIn(first, last, 200, 1000))).isNull();
        }
    }

    /** A user id of this subtask's key groups that the model does not hold. */
    private static String firstUserIn(int first, int last, int from, int to) {
        for (int u = from; u < to; u++) {
            int keyGroup = KeyGroups.of("u" + u, ModelFixture.MAX_PARALLELISM);
            if (keyGroup >= first && keyGroup <= last) {
                return "u" + u;
            }
        }
        throw new IllegalStateException("no such user");
    }
}
