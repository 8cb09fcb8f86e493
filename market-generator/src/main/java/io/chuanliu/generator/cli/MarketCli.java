package io.chuanliu.generator.cli;

import io.chuanliu.generator.GenerationSummary;
import io.chuanliu.generator.MarketGenerator;
import io.chuanliu.generator.market.MarketConfig;
import io.chuanliu.generator.replay.EventReplayer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chuanliu-market generate|replay}: make a synthetic market, or replay its live day into Kafka. */
@Command(
        name = "chuanliu-market",
        mixinStandardHelpOptions = true,
        subcommands = {MarketCli.Generate.class, MarketCli.Replay.class},
        description = "Synthetic live-commerce market with planted user-brand preferences.")
public final class MarketCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new MarketCli()).execute(args));
    }

    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            description = "Write history (Parquet + JSON lines), ground truth and the live day's events.")
    static final class Generate implements Callable<Integer> {

        @Option(names = "--out", required = true, description = "Output directory.")
        Path out;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--users",
                defaultValue = "2000",
                description = "Users (default ${DEFAULT-VALUE}); about 20 events per user: 5e5 users give 10^7 events.")
        int users;

        @Option(names = "--brands", defaultValue = "40", description = "Brands (default ${DEFAULT-VALUE}).")
        int brands;

        @Option(
                names = "--experts",
                defaultValue = "60",
                description = "Distribution experts (default ${DEFAULT-VALUE}).")
        int experts;

        @Option(
                names = "--days",
                defaultValue = "28",
                description = "Days of history before the live day (default ${DEFAULT-VALUE}).")
        int days;

        @Option(
                names = "--start-date",
                defaultValue = "2026-10-01",
                description = "First history day (default ${DEFAULT-VALUE}).")
        LocalDate startDate;

        @Option(
                names = "--zone",
                defaultValue = "Asia/Shanghai",
                description = "Time zone of the daily curve (default ${DEFAULT-VALUE}).")
        ZoneId zone;

        @Option(names = "--orders-per-user-day", defaultValue = "0.08")
        double ordersPerUserDay;

        @Option(names = "--engagements-per-user-day", defaultValue = "0.3")
        double engagementsPerUserDay;

        @Option(names = "--activities-per-user-day", defaultValue = "8")
        double activitiesPerUserDay;

        @Option(names = "--repurchase-probability", defaultValue = "0.45")
        double repurchaseProbability;

        @Option(
                names = "--invalid-fraction",
                defaultValue = "0.002",
                description = "Share of live-day events deliberately corrupted (default ${DEFAULT-VALUE}).")
        double invalidFraction;

        @Option(names = "--latent-dim", defaultValue = "8")
        int latentDim;

        @Override
        public Integer call() throws Exception {
            MarketConfig config = new MarketConfig(
                    seed,
                    users,
                    brands,
                    experts,
                    days,
                    startDate,
                    zone,
                    latentDim,
                    ordersPerUserDay,
                    engagementsPerUserDay,
                    activitiesPerUserDay,
                    repurchaseProbability,
                    invalidFraction);
            GenerationSummary s = new MarketGenerator(config, System.console() != null).generate(out);
            System.out.printf(
                    "market: %d users, %d brands, %d experts, seed %d%n", s.users(), s.brands(), s.experts(), s.seed());
            System.out.printf(
                    "history %s..%s: %d expert orders, %d engagements; repeat buyers %.1f%% (same brand %.1f%%)%n",
                    s.startDate(),
                    config.startDate().plusDays(days - 1),
                    s.historyOrders(),
                    s.historyEngagements(),
                    100 * s.repeatBuyerRate(),
                    100 * s.sameBrandRepeatBuyerRate());
            System.out.printf(
                    "live day %s: %d events %s, %d deliberately invalid%n",
                    s.liveDate(), s.liveEvents(), s.liveEventsByTopic(), s.liveInvalidEvents());
            System.out.printf(
                    "total %d events in %.1f s -> %s%n", s.totalEvents(), s.elapsedMs() / 1000.0, out.toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, description = "Replay live/events.jsonl into Kafka.")
    static final class Replay implements Callable<Integer> {

        @Option(names = "--events", required = true, description = "The live/events.jsonl file of a generated market.")
        Path events;

        @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092")
        String bootstrapServers;

        @Option(names = "--rate", defaultValue = "0", description = "Events per second; 0 for as fast as possible.")
        double rate;

        @Override
        public Integer call() throws Exception {
            EventReplayer.ReplayResult r =
                    new EventReplayer(bootstrapServers).replay(events, rate, System.console() != null);
            System.out.printf(
                    "replayed %d events in %.1f s (%.0f events/s)%n",
                    r.records(), r.elapsedMillis() / 1000.0, r.recordsPerSecond());
            return 0;
        }
    }
}
