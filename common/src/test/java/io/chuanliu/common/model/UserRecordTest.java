package io.chuanliu.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UserRecordTest {

    @Test
    void shouldRoundTripFactorsAndAudienceBrands() {
        UserRecord record = new UserRecord(new float[] {0.5f, -1.25f, 3f}, new String[] {"b0001", "品牌"});

        assertThat(UserRecord.fromBytes(record.toBytes())).isEqualTo(record);
    }

    @Test
    void shouldRejectBytesThatAreNotAUserRecord() {
        assertThatThrownBy(() -> UserRecord.fromBytes(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a user record");
    }

    @Test
    void shouldSpreadKeyGroupsOverContiguousShards() {
        assertThat(UserStoreLayout.shardOf(0, 1024, 16)).isEqualTo(0);
        assertThat(UserStoreLayout.shardOf(63, 1024, 16)).isEqualTo(0);
        assertThat(UserStoreLayout.shardOf(64, 1024, 16)).isEqualTo(1);
        assertThat(UserStoreLayout.shardOf(1023, 1024, 16)).isEqualTo(15);
    }

    @Test
    void shouldOpenOnlyTheShardsOverlappingASubtasksKeyGroups() {
        var layout = new UserStoreLayout(
                1024,
                8,
                5,
                java.util.List.of(
                        new UserStoreLayout.Shard("a", 0, 255, 1), new UserStoreLayout.Shard("b", 256, 511, 1),
                        new UserStoreLayout.Shard("c", 512, 767, 1), new UserStoreLayout.Shard("d", 768, 1023, 1)));
        int first = KeyGroups.rangeStart(1024, 3, 1);
        int last = KeyGroups.rangeEnd(1024, 3, 1);

        assertThat(first).isEqualTo(342);
        assertThat(last).isEqualTo(682);
        assertThat(layout.shardsFor(first, last))
                .extracting(UserStoreLayout.Shard::path)
                .containsExactly("b", "c");
    }
}
