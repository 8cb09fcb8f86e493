package io.chuanliu.stream.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.stream.records.SessionUpdate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnAirIndexTest {

    private final Map<String, BrandSessions> brands = new LinkedHashMap<>();
    private final OnAirIndex index = new OnAirIndex();

    @Test
    void answersLikeAScanOfEverySessionAtEveryTime() {
        apply("b1", "s1", SessionStatus.LIVE, 100, 200, 100);
        apply("b2", "s2", SessionStatus.LIVE, 150, 300, 150);
        apply("b2", "s3", SessionStatus.SCHEDULED, 400, 500, 0);
        for (long t = 0; t < 600; t += 7) {
            assertThat(index.anyLiveAt(brands.entrySet(), t)).as("t=%d", t).isEqualTo(scan(t));
        }
        for (long t = 590; t >= 0; t -= 11) {
            assertThat(index.anyLiveAt(brands.entrySet(), t))
                    .as("backwards, t=%d", t)
                    .isEqualTo(scan(t));
        }
    }

    @Test
    void seesASessionThatGoesLiveAfterTheAnswerWasCachedOnceInvalidated() {
        apply("b1", "s1", SessionStatus.LIVE, 100, 200, 100);
        assertThat(index.anyLiveAt(brands.entrySet(), 300)).isFalse();
        apply("b2", "s2", SessionStatus.LIVE, 250, 400, 250);
        index.invalidate();
        assertThat(index.anyLiveAt(brands.entrySet(), 300)).isTrue();
    }

    @Test
    void endsASessionAtItsEndUpdate() {
        apply("b1", "s1", SessionStatus.LIVE, 100, 400, 100);
        assertThat(index.anyLiveAt(brands.entrySet(), 250)).isTrue();
        apply("b1", "s1", SessionStatus.ENDED, 100, 400, 200);
        index.invalidate();
        assertThat(index.anyLiveAt(brands.entrySet(), 250)).isFalse();
        assertThat(index.anyLiveAt(brands.entrySet(), 150)).isTrue();
    }

    private void apply(String brand, String session, SessionStatus status, long start, long end, long eventTime) {
        SessionUpdate update = new SessionUpdate();
        update.brand = brand;
        update.sessionId = session;
        update.status = status;
        update.startTime = start;
        update.endTime = end;
        update.eventTime = eventTime;
        brands.computeIfAbsent(brand, b -> new BrandSessions()).apply(update);
    }

    private boolean scan(long t) {
        return brands.values().stream().anyMatch(s -> s.liveAt(t) != null);
    }
}
