package io.chuanliu.stream.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BudgetDayTest {

    @Test
    void shouldMeasureASessionAgainstWhatTheDaysEarlierSessionsSpentWhateverTheOrderTheyCameIn() {
        BudgetDay day = new BudgetDay().on(5);
        int evening = day.pacing("evening", 2_000);
        day.spend(evening);
        day.spend(evening);
        int afternoon = day.pacing("afternoon", 1_000);
        day.spend(afternoon);

        assertThat(day.spentBefore(evening)).isEqualTo(1);
        assertThat(day.spentBefore(afternoon)).isZero();
        assertThat(day.spent).isEqualTo(3);
    }

    @Test
    void shouldCountADroppedSessionsSpendAsEarlierThanEverySessionKept() {
        BudgetDay day = new BudgetDay().on(5);
        for (int s = 0; s <= BudgetDay.MAX_SESSIONS; s++) {
            day.spend(day.pacing("s" + s, 1_000L * s));
        }

        assertThat(day.sessionIds).hasSize(BudgetDay.MAX_SESSIONS).doesNotContain("s0");
        assertThat(day.spentBefore(day.pacing("s" + BudgetDay.MAX_SESSIONS, 0))).isEqualTo(BudgetDay.MAX_SESSIONS);
    }

    @Test
    void shouldStartANewDayFromNothing() {
        BudgetDay day = new BudgetDay().on(5);
        day.spend(day.pacing("s1", 1_000));

        day.on(6);

        assertThat(day.spent).isZero();
        assertThat(day.sessionIds).isEmpty();
    }

    /** Flink restores a field a POJO gained since the savepoint with Java's default: null for an array. */
    @Test
    void shouldKeepTheDaysSpendWhenRestoredFromStateWrittenBeforeSessionsKeptTheirOwnPace() {
        BudgetDay day = new BudgetDay();
        day.day = 5;
        day.spent = 7;
        day.sessionIds = null;
        day.starts = null;
        day.spentIn = null;
        day.seen = null;
        day.recentRates = null;
        day.clock = null;

        int session = day.on(5).pacing("s1", 1_000);

        assertThat(day.spent).isEqualTo(7);
        assertThat(day.spentBefore(session)).isEqualTo(7);
    }
}
