package io.chuanliu.stream.testing;

import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.generator.market.Market;
import io.chuanliu.generator.market.MarketConfig;
import io.chuanliu.generator.market.MarketEvents;
import io.chuanliu.generator.market.MarketSimulator;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The purchase and engagement history of a small generated market (seed 11), as the training job reads it. */
public final class MarketHistory {

    private MarketHistory() {}

    /**
     * A generated market's orders and engagements of {@code users} users, written as training reads them
     * ({@code expert_orders.jsonl}, {@code engagements.jsonl} in {@code dir}), and returned in event-time order.
     */
    public static List<Event> write(Path dir, int users) throws Exception {
        MarketConfig config = MarketConfig.small(11).withUsers(users);
        MarketSimulator simulator = new MarketSimulator(new Market(config));
        List<Event> events = new ArrayList<>();
        MarketEvents collect = new MarketEvents() {
            @Override
            public void order(ExpertOrder order) {
                events.add(order);
            }

            @Override
            public void engagement(Engagement engagement) {
                events.add(engagement);
            }
        };
        for (int u = 0; u < config.users(); u++) {
            for (int day = 0; day < config.historyDays(); day++) {
                for (int hour = 0; hour < 24; hour++) {
                    simulator.simulateUserHour(u, day, hour, false, collect);
                }
            }
        }
        Files.createDirectories(dir);
        try (OutputStream orders = Files.newOutputStream(dir.resolve("expert_orders.jsonl"));
                OutputStream engagements = Files.newOutputStream(dir.resolve("engagements.jsonl"))) {
            for (Event e : events) {
                OutputStream out = e instanceof ExpertOrder ? orders : engagements;
                out.write(EventJson.toBytes(e));
                out.write('\n');
            }
        }
        events.sort(Comparator.comparingLong(Event::eventTime));
        return events;
    }
}
