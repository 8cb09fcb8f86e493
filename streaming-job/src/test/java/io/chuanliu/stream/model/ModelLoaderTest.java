package io.chuanliu.stream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.model.KeyGroups;
import io.chuanliu.common.model.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Files.writeString(dir.resolve("v1").resolve(ModelFiles.BRAND_FACTORS), "{\"brand\":\"b9\",\"factors\":[1,1]}\n",
                java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> loader.load(ref)).isInstanceOf(ModelRejectedException.class)
                .hasMessage("model affinity version v1 rejected: brand_factors.jsonl does not match its checksum in the manifest (corrupt or partial copy)");
    }

    @Test
    void shouldRejectAModelShardedForAnotherMaxParallelism() throws Exception {
        ModelRef ref = ModelFixture.write(dir.resolve("v1"), "v1", 10);

        assertThatThrownBy(() -> new ModelLoader(1024).load(ref))
                .hasMessageContaining("sharded for max parallelism 128 but this job runs with job.max-parallelism 1024");
    }

    @Test
    void shouldRejectAnUnfinishedDirectoryAndForeignStorage() throws Exception {
        ModelRef ref = ModelFixture.write(dir.resolve("v1"), "v1", 10);
        Files.delete(dir.resolve("v1").resolve(ModelFiles.MANIFEST));

        assertThatThrownBy(() -> loader.load(ref)).hasMessageContaining("has no manifest.json");
        assertThatThrownBy(() -> loader.load(new ModelRef("affinity", "v2", "s3://bucket/models/v2", null, 0)))
                .hasMessageContaining("uri scheme 's3' is not supported");
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
