package io.chuanliu.stream.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteHistoryTest {

    private static final long MINUTE = 60_000L;
    private static final long T = 1_700_000_000_000L;

    @Test
    void shouldStopCountingARouteThatWasTakenBack() {
        RouteHistory history = new RouteHistory().on(100);
        history.record("b1", T);
        history.record("b2", T + 30 * MINUTE);

        assertThat(history.undo("b2", T + 30 * MINUTE)).isTrue();

        assertThat(history.routes).isEqualTo(1);
        assertThat(history.routesTo("b2")).isZero();
        assertThat(history.lastRoutedAt).isEqualTo(T);
        assertThat(history.routedWithin(T + 31 * MINUTE, 20 * MINUTE)).isFalse();
    }

    @Test
    void shouldTakeARouteBackOnlyOnceWhenTheRefusalIsDeliveredTwice() {
        RouteHistory history = new RouteHistory().on(100);
        history.record("b1", T);
        history.record("b1", T + 60 * MINUTE);

        assertThat(history.undo("b1", T + 60 * MINUTE)).isTrue();
        assertThat(history.undo("b1", T + 60 * MINUTE)).isFalse();

        assertThat(history.routes).isEqualTo(1);
        assertThat(history.routesTo("b1")).isEqualTo(1);
    }

    @Test
    void shouldFallBackToYesterdaysLastRouteWhenTodaysOnlyRouteIsTakenBack() {
        RouteHistory history = new RouteHistory().on(100);
        history.record("b1", T);
        history.on(101);
        history.record("b2", T + 10 * MINUTE);

        history.undo("b2", T + 10 * MINUTE);

        assertThat(history.lastRoutedAt).isEqualTo(T);
        assertThat(history.routes).isZero();
    }

    @Test
    void shouldNotTakeBackARouteOfAnEarlierDay() {
        RouteHistory history = new RouteHistory().on(100);
        history.record("b1", T);
        history.on(101);

        assertThat(history.undo("b1", T)).isFalse();
        assertThat(history.lastRoutedAt).isEqualTo(T);
    }
}
