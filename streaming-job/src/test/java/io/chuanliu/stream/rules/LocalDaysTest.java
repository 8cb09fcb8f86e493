package io.chuanliu.stream.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class LocalDaysTest {

    @Test
    void shouldAgreeWithTheCalendarEveryHalfHourOfAYearIncludingDaylightSavingChanges() {
        for (String id : new String[] {"Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe"}) {
            ZoneId zone = ZoneId.of(id);
            long from = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
            for (long t = from; t < from + 366L * LocalDays.DAY_MILLIS; t += 1_800_000L) {
                ZonedDateTime local = Instant.ofEpochMilli(t).atZone(zone);
                assertThat(LocalDays.of(zone, t))
                        .as("%s at %s", id, local)
                        .isEqualTo(local.toLocalDate().toEpochDay());
                assertThat(LocalDays.millisOfDay(zone, t))
                        .as("%s at %s", id, local)
                        .isEqualTo(local.toLocalTime().toNanoOfDay() / 1_000_000);
            }
        }
    }

    @Test
    void shouldStartEachDayAtItsLocalMidnight() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        long day = LocalDays.of(shanghai, Instant.parse("2026-10-29T12:00:00Z").toEpochMilli());

        long start = LocalDays.start(shanghai, day);

        assertThat(Instant.ofEpochMilli(start)).isEqualTo(Instant.parse("2026-10-28T16:00:00Z"));
        assertThat(LocalDays.of(shanghai, start)).isEqualTo(day);
        assertThat(LocalDays.of(shanghai, start - 1)).isEqualTo(day - 1);
    }
}
