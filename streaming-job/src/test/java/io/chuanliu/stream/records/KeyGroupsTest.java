package io.chuanliu.stream.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.model.KeyGroups;
import java.util.SplittableRandom;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

/** The training job shards the model by common's KeyGroups: it must agree with Flink exactly. */
class KeyGroupsTest {

    @Test
    void shouldAssignUserKeysToTheSameKeyGroupsAsFlink() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            String user = i % 2 == 0 ? String.format("u%07d", i) : Long.toHexString(random.nextLong());
            for (int maxParallelism : new int[] {128, 1024, 4096, 32768}) {
                assertThat(KeyGroups.of(user, maxParallelism))
                        .isEqualTo(KeyGroupRangeAssignment.assignToKeyGroup(user, maxParallelism));
            }
        }
    }

    @Test
    void shouldComputeTheSameKeyGroupRangesAsFlink() {
        for (int parallelism = 1; parallelism <= 64; parallelism++) {
            for (int index = 0; index < parallelism; index++) {
                var range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(1024, parallelism, index);
                assertThat(KeyGroups.rangeStart(1024, parallelism, index)).isEqualTo(range.getStartKeyGroup());
                assertThat(KeyGroups.rangeEnd(1024, parallelism, index)).isEqualTo(range.getEndKeyGroup());
            }
        }
    }
}
