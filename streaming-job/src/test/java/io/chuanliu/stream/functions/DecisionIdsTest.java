package io.chuanliu.stream.functions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecisionIdsTest {

    /** Rewards and conversions are deduplicated by decision id downstream: a new version must give the old ids. */
    @Test
    void keepsTheIdsEarlierVersionsGave() {
        assertThat(DecisionIds.of("u1", "b1", "s1", 1000)).isEqualTo("e52b6819-11fa-3af5-ab18-a4b0740472b3");
        assertThat(DecisionIds.of("用户", "品牌", "s", -5)).isEqualTo("64ca00fd-b90e-3650-ae5e-19ec2f88171f");
    }
}
