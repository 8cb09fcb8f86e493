package io.chuanliu.stream.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.EngagementKind;
import org.junit.jupiter.api.Test;

class TouchSourceTest {

    /** State stores these codes: a change here breaks every savepoint's user state. */
    @Test
    void shouldKeepTheCodesThatStateStores() {
        assertThat(TouchSource.EXPERT_ORDER.code()).isEqualTo(1);
        assertThat(TouchSource.LIKE.code()).isEqualTo(2);
        assertThat(TouchSource.CART.code()).isEqualTo(3);
        assertThat(TouchSource.VIEW.code()).isEqualTo(4);
        for (TouchSource source : TouchSource.values()) {
            assertThat(TouchSource.ofCode(source.code())).isEqualTo(source);
        }
        assertThat(TouchSource.ofCode(0)).isNull();
        assertThat(TouchSource.ofCode(TouchSource.values().length + 1)).isNull();
    }

    @Test
    void shouldNameEveryEngagementKindAndReadItsLabelBack() {
        for (EngagementKind kind : EngagementKind.values()) {
            TouchSource source = TouchSource.of(kind);
            assertThat(source.label()).isEqualTo("engagement:" + kind.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(TouchSource.ofLabel(source.label())).isEqualTo(source);
        }
        assertThat(TouchSource.ofLabel("expert_order")).isEqualTo(TouchSource.EXPERT_ORDER);
        assertThat(TouchSource.ofLabel("engagement:share")).isNull();
    }
}
