package io.chuanliu.generator;

import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.generator.market.Market;
import io.chuanliu.generator.market.MarketConfig;
import io.chuanliu.generator.market.MarketEvents;
import io.chuanliu.generator.market.MarketSimulator;
import io.chuanliu.generator.market.RepurchaseStats;
import io.chuanliu.generator.output.GroundTruthWriter;
import io.chuanliu.generator.output.HistoryWriter;
import io.chuanliu.generator.output.LiveDayWriter;
import io.chuanliu.generator.output.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates a market into a directory:
 *
 * <pre>
 * history/expert_orders.{parquet,jsonl}  history/engagements.{parquet,jsonl}
 * truth/planted_preferences.csv          market/experts.csv
 * live/backfill.jsonl                    live/events.jsonl
 * summary.json
 * </pre>
 *
 * <p>{@code live/backfill.jsonl} holds the whole history as Kafka records: replayed before the live
 * day, it gives the stream what a production deployment that ran through the history would hold in its
 * state, the recent expert buyers and the own-history features the served ranker was gated on (decayed
 * over weeks; decision 4).
 */
public final class MarketGenerator {

    /** How many planted brands per user the ground truth lists. */
    public static final int TRUTH_TOP_K = 20;

    private final MarketConfig config;
    private final boolean showProgress;

    public MarketGenerator(MarketConfig config, boolean showProgress) {
        this.config = config;
        this.showProgress = showProgress;
    }

    public GenerationSummary generate(Path out) throws IOException {
        long started = System.nanoTime();
        Market market = new Market(config);
        MarketSimulator simulator = new MarketSimulator(market);

        long historyOrders;
        long historyEngagements;
        try (HistoryWriter history = new HistoryWriter(out.resolve("history"));
                LiveDayWriter backfill = new LiveDayWriter(out.resolve("live/backfill.jsonl"), 0, config.seed())) {
            MarketEvents both = MarketEvents.both(history, backfill);
            Progress progress = new Progress(System.err, "history", config.users(), showProgress);
            for (int u = 0; u < config.users(); u++) {
                for (int day = 0; day < config.historyDays(); day++) {
                    for (int hour = 0; hour < 24; hour++) {
                        simulator.simulateUserHour(u, day, hour, false, both);
                    }
                }
                backfill.flush();
                progress.update(u + 1);
            }
            historyOrders = history.orders();
            historyEngagements = history.engagements();
        }
        RepurchaseStats repurchase = simulator.repurchaseStats();

        int liveDay = config.historyDays();
        List<LiveSession> sessions = new ArrayList<>();
        simulator.sessions(liveDay, MarketEvents.sessionsTo(sessions::add));
        Map<String, Long> liveCounts;
        long invalid;
        try (LiveDayWriter live =
                new LiveDayWriter(out.resolve("live/events.jsonl"), config.invalidFraction(), config.seed())) {
            Progress progress = new Progress(System.err, "live day", 24, showProgress);
            long dayStart = simulator.dayStart(liveDay);
            simulator.controls(liveDay, live);
            for (int hour = 0; hour < 24; hour++) {
                long from = dayStart + hour * 3_600_000L;
                long to = from + 3_600_000L;
                for (LiveSession s : sessions) {
                    if (s.eventTime() >= from && s.eventTime() < to) {
                        live.session(s);
                    }
                }
                for (int u = 0; u < config.users(); u++) {
                    simulator.simulateUserHour(u, liveDay, hour, true, live);
                }
                live.flush();
                progress.update(hour + 1);
            }
            liveCounts = new LinkedHashMap<>(live.countsByTopic());
            invalid = live.invalid();
        }

        GroundTruthWriter.write(market, out.resolve("truth/planted_preferences.csv"), TRUTH_TOP_K);
        writeExperts(market, out.resolve("market/experts.csv"));

        GenerationSummary summary = new GenerationSummary(
                config.seed(),
                config.users(),
                config.brands(),
                config.experts(),
                config.historyDays(),
                config.startDate().toString(),
                config.liveDate().toString(),
                historyOrders,
                historyEngagements,
                liveCounts,
                invalid,
                repurchase.buyers(),
                repurchase.repeatRate(),
                repurchase.sameBrandRepeatRate(),
                (System.nanoTime() - started) / 1_000_000);
        Files.writeString(
                out.resolve("summary.json"),
                EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        return summary;
    }

    private static void writeExperts(Market market, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder csv = new StringBuilder("expert,brands\n");
        for (int e = 0; e < market.experts(); e++) {
            csv.append(Market.expertId(e)).append(',');
            int[] brands = market.expertBrands(e);
            for (int i = 0; i < brands.length; i++) {
                csv.append(i == 0 ? "" : "|").append(Market.brandId(brands[i]));
            }
            csv.append('\n');
        }
        Files.writeString(file, csv);
    }
}
