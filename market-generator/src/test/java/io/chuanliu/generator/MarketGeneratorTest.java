package io.chuanliu.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.common.json.EventParser;
import io.chuanliu.generator.market.Market;
import io.chuanliu.generator.market.MarketConfig;
import io.chuanliu.generator.output.LiveEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarketGeneratorTest {

    private static final MarketConfig CONFIG = MarketConfig.small(7).withUsers(600);
    private static final Map<String, Class<? extends Event>> TYPES = Map.of(
            Topics.EXPERT_ORDERS,
            ExpertOrder.class,
            Topics.ENGAGEMENTS,
            Engagement.class,
            Topics.USER_ACTIVITY,
            UserActivity.class,
            Topics.LIVE_SESSIONS,
            LiveSession.class,
            Topics.CONTROL,
            io.chuanliu.common.events.ControlEvent.class);

    @TempDir
    static Path out;

    private static GenerationSummary summary;

    @BeforeAll
    static void generate() throws Exception {
        summary = new MarketGenerator(CONFIG, false).generate(out.resolve("a"));
    }

    private static List<LiveEvent> liveEvents(Path dir, String file) throws Exception {
        return Files.readAllLines(dir.resolve("live").resolve(file)).stream()
                .map(line -> {
                    try {
                        return EventJson.mapper().readValue(line, LiveEvent.class);
                    } catch (Exception e) {
                        throw new AssertionError(line, e);
                    }
                })
                .toList();
    }

    @Test
    void shouldWriteTheSameBytesForTheSameSeed() throws Exception {
        new MarketGenerator(CONFIG, false).generate(out.resolve("b"));

        for (String file : List.of(
                "live/events.jsonl",
                "live/backfill.jsonl",
                "history/expert_orders.jsonl",
                "history/engagements.jsonl",
                "truth/planted_preferences.csv")) {
            assertThat(Files.mismatch(
                            out.resolve("a").resolve(file), out.resolve("b").resolve(file)))
                    .as(file)
                    .isEqualTo(-1L);
        }
    }

    @Test
    void shouldWriteADifferentMarketForAnotherSeed() throws Exception {
        MarketConfig other = MarketConfig.small(8).withUsers(600);
        new MarketGenerator(other, false).generate(out.resolve("c"));

        assertThat(Files.mismatch(out.resolve("a/live/events.jsonl"), out.resolve("c/live/events.jsonl")))
                .isNotEqualTo(-1L);
    }

    @Test
    void shouldPlantPreferencesThatAreProbabilities() {
        Market market = new Market(CONFIG);
        for (int u = 0; u < 50; u++) {
            double[] preference = market.plantedPreference(u);
            assertThat(Arrays.stream(preference).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(Arrays.stream(preference).min().orElseThrow()).isGreaterThanOrEqualTo(0.0);
        }
    }

    @Test
    void shouldKeepRepeatBuyersNearThePublicRepurchaseRate() {
        // Kuaishou reported 65% (2020) and over 70% (2021) repurchase.
        assertThat(summary.repeatBuyerRate()).isBetween(0.6, 0.85);
    }

    @Test
    void shouldPeakInTheEveningWhenLiveRoomsAreOn() throws Exception {
        int[] byHour = new int[24];
        for (LiveEvent e : liveEvents(out.resolve("a"), "events.jsonl")) {
            if (e.topic().equals(Topics.USER_ACTIVITY)) {
                byHour[
                        Instant.ofEpochMilli(e.time())
                                .atZone(ZoneId.of("Asia/Shanghai"))
                                .getHour()]++;
            }
        }
        int evening = byHour[20] + byHour[21];
        int night = byHour[3] + byHour[4];

        assertThat(evening).isGreaterThan(10 * night);
    }

    @Test
    void shouldWriteTheLiveDayInEventTimeOrder() throws Exception {
        List<LiveEvent> events = liveEvents(out.resolve("a"), "events.jsonl");

        assertThat(events).isSortedAccordingTo(java.util.Comparator.comparingLong(LiveEvent::time));
        assertThat(events)
                .extracting(LiveEvent::topic)
                .contains(
                        Topics.LIVE_SESSIONS,
                        Topics.USER_ACTIVITY,
                        Topics.EXPERT_ORDERS,
                        Topics.ENGAGEMENTS,
                        Topics.CONTROL);
    }

    @Test
    void shouldCorruptExactlyTheEventsItCountsAsInvalid() throws Exception {
        long now = System.currentTimeMillis();
        long invalid = liveEvents(out.resolve("a"), "events.jsonl").stream()
                .filter(e -> !new EventParser<>(TYPES.get(e.topic()), 3_600_000L)
                        .parse(e.value().getBytes(StandardCharsets.UTF_8), now)
                        .isValid())
                .count();

        assertThat(summary.liveInvalidEvents()).isPositive();
        assertThat(invalid).isEqualTo(summary.liveInvalidEvents());
    }

    @Test
    void shouldBackfillTheWholeHistoryTheModelIsTrainedOn() throws Exception {
        long liveDay = CONFIG.liveDate().atStartOfDay(CONFIG.zone()).toInstant().toEpochMilli();
        long firstDay = liveDay - CONFIG.historyDays() * 86_400_000L;
        List<LiveEvent> backfill = liveEvents(out.resolve("a"), "backfill.jsonl");

        assertThat(backfill).hasSize((int) (summary.historyOrders() + summary.historyEngagements()));
        assertThat(backfill).allMatch(e -> e.time() >= firstDay && e.time() < liveDay);
        assertThat(backfill).anyMatch(e -> e.time() < firstDay + 86_400_000L);
        assertThat(backfill).extracting(LiveEvent::topic).containsOnly(Topics.EXPERT_ORDERS, Topics.ENGAGEMENTS);
    }
}
