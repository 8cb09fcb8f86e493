package io.chuanliu.stream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.model.ModelFiles;
import io.chuanliu.common.model.UserStoreLayout;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFetcherTest {

    @TempDir
    Path dir;

    @Test
    void shouldCopyTheHeadAndOnlyTheShardsOfTheSubtasksKeyGroups() throws Exception {
        ModelRef ref = ModelFixture.write(dir.resolve("store/v1"), "v1", 200);
        ModelFetcher fetcher = new ModelFetcher(dir.resolve("cache/job-0-0"));
        URI source = dir.resolve("store/v1").toUri();

        Path local = fetcher.fetchHead(ref, source);
        UserStoreLayout layout =
                new ModelLoader(ModelFixture.MAX_PARALLELISM).load(ref).userStore();
        List<UserStoreLayout.Shard> secondHalf = layout.shardsFor(64, 127);
        fetcher.fetchShards(ref, source, local, checksums(ref), secondHalf);

        assertThat(local).isEqualTo(dir.resolve("cache/job-0-0/v1"));
        for (String file : List.of(ModelFiles.MANIFEST, ModelFiles.BRAND_FACTORS, ModelFiles.USER_STORE_LAYOUT)) {
            assertThat(local.resolve(file))
                    .hasSameBinaryContentAs(dir.resolve("store/v1").resolve(file));
        }
        try (Stream<Path> shards = Files.list(local.resolve(ModelFiles.USER_STORE))) {
            assertThat(shards.filter(Files::isDirectory).map(p -> ModelFiles.USER_STORE + "/" + p.getFileName()))
                    .containsExactlyInAnyOrderElementsOf(
                            secondHalf.stream().map(UserStoreLayout.Shard::path).toList());
        }
        assertThat(secondHalf).hasSize(2);
    }

    @Test
    void shouldRefuseAManifestThatNamesAFileOutsideTheModelOrAMissingOne() throws Exception {
        ModelRef ref = ModelFixture.write(dir.resolve("store/v1"), "v1", 10);
        ModelFetcher fetcher = new ModelFetcher(dir.resolve("cache/job-0-0"));
        URI source = dir.resolve("store/v1").toUri();
        Path local = fetcher.fetchHead(ref, source);
        UserStoreLayout.Shard shard = new ModelLoader(ModelFixture.MAX_PARALLELISM)
                .load(ref)
                .userStore()
                .shards()
                .get(0);

        Map<String, String> climbing = new HashMap<>(checksums(ref));
        climbing.put(shard.path() + "/../../../escaped", "0");
        assertThatThrownBy(() -> fetcher.fetchShards(ref, source, local, climbing, List.of(shard)))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("names a file outside the model directory");
        Map<String, String> missing = new HashMap<>(checksums(ref));
        missing.put(shard.path() + "/000099.sst", "0");
        assertThatThrownBy(() -> fetcher.fetchShards(ref, source, local, missing, List.of(shard)))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("cannot copy")
                .hasMessageContaining("000099.sst");
        assertThat(dir.resolve("escaped")).doesNotExist();
    }

    @Test
    void shouldDeleteEveryCopyButTheServedOneAndEverythingWhenClosed() throws Exception {
        ModelFetcher fetcher = new ModelFetcher(dir.resolve("cache/job-0-0"));
        Path v1 = fetcher.fetchHead(
                ModelFixture.write(dir.resolve("store/v1"), "v1", 10),
                dir.resolve("store/v1").toUri());
        Path v2 = fetcher.fetchHead(
                ModelFixture.write(dir.resolve("store/v2"), "v2", 10),
                dir.resolve("store/v2").toUri());

        fetcher.keepOnly(v2);
        assertThat(v1).doesNotExist();
        assertThat(v2.resolve(ModelFiles.MANIFEST)).exists();
        fetcher.close();
        assertThat(dir.resolve("cache/job-0-0")).doesNotExist();
    }

    @Test
    void shouldDeleteTheCopiesOfEarlierAttemptsOfTheSameSubtaskOnly() throws Exception {
        Path cache = dir.resolve("cache");
        for (String home : List.of("job-0-0", "job-0-1", "job-1-0", "job-0-7", "other-0-0")) {
            Files.createDirectories(cache.resolve(home).resolve("v1"));
        }

        ModelFetcher fetcher = ModelFetcher.forSubtask(cache, "job", 0, 2);

        assertThat(fetcher.home()).isEqualTo(cache.resolve("job-0-2"));
        try (Stream<Path> homes = Files.list(cache)) {
            assertThat(homes.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("job-1-0", "job-0-7", "other-0-0");
        }
    }

    @Test
    void shouldNameLocalCopiesSafelyAndDistinctly() {
        assertThat(ModelFetcher.localName("20261203-0300")).isEqualTo("20261203-0300");
        assertThat(ModelFetcher.localName("../up")).doesNotContain("/").doesNotStartWith(".");
        assertThat(ModelFetcher.localName("a/b")).isNotEqualTo(ModelFetcher.localName("a_b"));
        assertThat(ModelFetcher.isRemote(URI.create("s3a://bucket/models/v1"))).isTrue();
        assertThat(ModelFetcher.isRemote(URI.create("file:///models/v1"))).isFalse();
        assertThat(ModelFetcher.isRemote(URI.create("/models/v1"))).isFalse();
    }

    private static Map<String, String> checksums(ModelRef ref) throws Exception {
        Map<String, String> sums = new HashMap<>();
        var manifest = io.chuanliu.common.json.EventJson.mapper()
                .readTree(Path.of(URI.create(ref.uri()))
                        .resolve(ModelFiles.MANIFEST)
                        .toFile());
        manifest.path("checksums")
                .fields()
                .forEachRemaining(e -> sums.put(e.getKey(), e.getValue().asText()));
        return sums;
    }
}
