package io.chuanliu.stream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chuanliu.common.events.ModelRef;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRootTest {

    private static final ModelRef REF = new ModelRef("affinity", "v1", "unused", Map.of(), 0L);

    @Test
    void shouldAcceptARemoteModelUnderTheRootsSchemeAuthorityAndPath() throws Exception {
        ModelRoot root = new ModelRoot("s3a://bucket/models/");

        assertThat(root.confineRemote(URI.create("s3a://bucket/models/v1"), REF))
                .isEqualTo(URI.create("s3a://bucket/models/v1"));
    }

    @Test
    void shouldRefuseAnotherBucketASiblingPathOrAClimbOut() {
        ModelRoot root = new ModelRoot("s3a://bucket/models");

        for (String elsewhere :
                new String[] {"s3a://other/models/v1", "s3a://bucket/models-old/v1", "hdfs://bucket/models/v1"}) {
            assertThatThrownBy(() -> root.confineRemote(URI.create(elsewhere), REF))
                    .as(elsewhere)
                    .isInstanceOf(ModelRejectedException.class)
                    .hasMessageContaining("model affinity version v1 rejected")
                    .hasMessageContaining("outside the model root s3a://bucket/models (model.root)");
        }
        assertThatThrownBy(() -> root.confineRemote(URI.create("s3a://bucket/../models/v1"), REF))
                .hasMessageContaining("climbs out");
    }

    @Test
    void shouldRefuseALocalDirectoryWhenTheRootIsRemote(@TempDir Path dir) {
        ModelRoot root = new ModelRoot("hdfs://nn:8020/models");

        assertThatThrownBy(() -> root.confine(dir, REF)).hasMessageContaining("is outside the model root");
    }

    @Test
    void shouldResolveALocalDirectoryUnderTheRootAndLetAnythingThroughWithoutOne(@TempDir Path dir) throws Exception {
        Path model = Files.createDirectories(dir.resolve("models/v1"));

        assertThat(new ModelRoot(dir.resolve("models").toString()).confine(model, REF))
                .isEqualTo(model.toRealPath());
        assertThat(new ModelRoot(" ").confine(model, REF)).isEqualTo(model);
    }
}
