package io.chuanliu.deploy.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.RoutingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class TalliesTest {

    @Test
    void shouldCountDistinctRoutedUsersPerBrandMostFirst() {
        List<RoutingDecision> decisions = List.of(
                decision("d1", "u1", "b2"),
                decision("d2", "u1", "b2"),
                decision("d3", "u2", "b1"),
                decision("d4", "u3", "b3"),
                decision("d5", "u4", "b3"));

        assertThat(Tallies.routedUsersByBrand(decisions))
                .containsExactly(
                        java.util.Map.entry("b3", 2L), java.util.Map.entry("b1", 1L), java.util.Map.entry("b2", 1L));
    }

    @Test
    void shouldGroupDeadLetterReasonsByKindWithoutTheirValues() {
        assertThat(Tallies.reasonKind("field 'amount_cents' must not be negative, got -5"))
                .isEqualTo("field 'amount_cents' must not be negative");
        assertThat(Tallies.reasonKind("event_time 1790000000000 is 86400 s in the future (max skew 300 s)"))
                .isEqualTo("event_time is in the future");
        assertThat(Tallies.reasonKind("not JSON: Unexpected character ('x')")).isEqualTo("not JSON");
    }

    private static RoutingDecision decision(String id, String user, String brand) {
        return new RoutingDecision(id, user, brand, "s1", 1.0, null, "expert_order:e1", "e1", 0L, 0L);
    }
}
