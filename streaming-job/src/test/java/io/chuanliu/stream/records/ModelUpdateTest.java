package io.chuanliu.stream.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.ModelRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelUpdateTest {

    @Test
    void shouldCarryTheAnnouncedChecksumsThroughTheBroadcastToTheLoader() {
        ModelRef announced = new ModelRef(
                "affinity",
                "v7",
                "file:///models/v7",
                Map.of("brand_factors.jsonl", "ab12", "user_store/layout.json", "cd34"),
                1L);

        ModelRef handedOver = ModelUpdate.of(announced).toRef();

        assertThat(handedOver.name()).isEqualTo("affinity");
        assertThat(handedOver.version()).isEqualTo("v7");
        assertThat(handedOver.uri()).isEqualTo("file:///models/v7");
        assertThat(handedOver.checksums()).isEqualTo(announced.checksums());
    }
}
