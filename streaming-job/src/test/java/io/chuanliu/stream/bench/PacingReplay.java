package io.chuanliu.stream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.ControlKind;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.generator.market.Market;
import io.chuanliu.generator.market.MarketConfig;
import io.chuanliu.generator.market.RoomResponse;
import io.chuanliu.stream.functions.BudgetGate;
import io.chuanliu.stream.records.BrandSignal;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.testing.RoutingTestData;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/**
 * Replays the budgeted brands' proposals of one demo run ({@code outcomes/decisions.csv} and
 * {@code outcomes/refusals.csv}) through the budget stage once per pacing mode, with the brands' budgets and
 * sessions from the market's live events, and prints the mean planted response probability and the planted
 * incremental GMV per routed impression of what each mode admits. A (user, brand) pair admitted once is not
 * proposed again, as the per-user stage's daily cap ensures in the loop. The arrivals are held fixed: the
 * demo's loop, where a refused user may come back, is {@code deploy/local/pacing-benchmark.sh}. Printed:
 * <ul>
 *   <li>what the loop itself admitted;
 *   <li>value pacing with the share weighted as the served one is (each order once, engagements by kind), as of
 *       the history's end, and on the state at each proposal (the live day's interactions added);
 *   <li>value pacing with the values the loop's own job computed (the files' {@code value} column), in
 *       activity-time order and in the loop's processing order: each per-user subtask (the user's key group at
 *       parallelism 2) runs through event time at its own pace, which the decisions' processing times show;
 *   <li>both modes in the loop's order, in activity-time order, and with half the users' proposals 3 hours
 *       late, with the value as the brand's smoothed share of the user's decayed history weight (orders 1,
 *       engagements 0.3, 14-day half-life, as of the history's end).
 * </ul>
 *
 * <p>{@code streaming-job/pacing-replay.sh DEMO_WORK_DIR [users] [brands] [seed]}
 */
public final class PacingReplay {

    private static final long T0 = 0;
    /** The share's smoothing ({@code RankerFeatures.SHARE_SMOOTHING}); {@code -Dreplay.share-smoothing=1} for another. */
    private static final double SMOOTHING = Double.parseDouble(System.getProperty(
            "replay.share-smoothing", String.valueOf(io.chuanliu.common.ranking.RankerFeatures.SHARE_SMOOTHING)));

    private static final double HALF_LIFE_MILLIS = 14 * 86_400_000.0;
    private static final double ENGAGEMENT_WEIGHT = 0.3;
    private static final long ATTRIBUTION_WINDOW_MILLIS = 2 * 3_600_000;

    public static void main(String[] args) throws Exception {
        Path demo = Path.of(args[0]);
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int brands = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        RoomResponse truth =
                new RoomResponse(new Market(MarketConfig.small(seed).withSize(users, brands)));
        Map<String, Long> budgets = new HashMap<>();
        List<JsonNode> sessions = new ArrayList<>();
        readLiveEvents(demo.resolve("market/live/events.jsonl"), budgets, sessions);
        Shares shares = Shares.of(demo.resolve("market/history"), brands);
        List<String[]> proposals = proposals(demo.resolve("outcomes"), budgets);
        System.out.printf("%d budgeted brands, %d proposals%n", budgets.size(), proposals.size());
        Shares served = Shares.of(demo.resolve("market/history"), brands, true);
        List<String[]> inTheLoop = new ArrayList<>();
        readCsv(demo.resolve("outcomes/decisions.csv"), 7, 9, budgets, inTheLoop);
        print("the loop", inTheLoop.stream().map(r -> new String[] {r[0], r[1]}).toList(), truth);
        print(
                "VALUE, served weights",
                replay(BudgetGate.PacingMode.VALUE, budgets, sessions, proposals, served::of).stream()
                        .map(d -> new String[] {d.user(), d.brand()})
                        .toList(),
                truth);
        LiveShares live = new LiveShares(served, liveInteractions(demo.resolve("market/live/events.jsonl")));
        print(
                "VALUE, served, live",
                replay(BudgetGate.PacingMode.VALUE, budgets, sessions, proposals, live::at).stream()
                        .map(d -> new String[] {d.user(), d.brand()})
                        .toList(),
                truth);
        Map<String, Long> sessionStarts = new HashMap<>();
        sessions.forEach(s -> sessionStarts.put(
                s.path("session_id").asText(), s.path("start_time").asLong()));
        List<String[]> loopOrder = inLoopOrder(demo.resolve("outcomes/decisions.csv"), proposals, sessionStarts);
        ProposalValue ownValues = loopValues(proposals, shares);
        for (List<String[]> order : List.of(proposals, loopOrder)) {
            print(
                    order == proposals ? "VALUE, loop's values" : "VALUE, loop's, order",
                    replay(BudgetGate.PacingMode.VALUE, budgets, sessions, order, ownValues).stream()
                            .map(d -> new String[] {d.user(), d.brand()})
                            .toList(),
                    truth);
        }
        for (BudgetGate.PacingMode mode : BudgetGate.PacingMode.values()) {
            print(
                    mode.name() + " loop order",
                    replay(mode, budgets, sessions, loopOrder, shares::of).stream()
                            .map(d -> new String[] {d.user(), d.brand()})
                            .toList(),
                    truth);
        }
        for (long lagHours : new long[] {0, 3}) { // half the users (by hash) arrive this much late
            List<String[]> arrivals = new ArrayList<>(proposals);
            long lag = lagHours * 3_600_000;
            arrivals.sort(Comparator.comparingLong(r ->
                    Long.parseLong(r[3]) + (Math.floorMod(r[0].hashCode(), 2) == 1 ? lag : 0)));
            for (BudgetGate.PacingMode mode : BudgetGate.PacingMode.values()) {
                List<RoutingDecision> admitted = replay(mode, budgets, sessions, arrivals, shares::of);
                print(
                        mode.name() + " lag " + lagHours + "h",
                        admitted.stream()
                                .map(d -> new String[] {d.user(), d.brand()})
                                .toList(),
                        truth);
            }
        }
    }

    /**
     * The mean planted response probability of admitted (user, brand) pairs, and their planted incremental
     * GMV per routed impression (the pacing benchmark's figure: probability x the brand's mean order, within
     * the demo's 2 h attribution window), which also weighs brands by price and by how many routes each got.
     */
    private static void print(String what, List<String[]> admitted, RoomResponse truth) {
        double p = admitted.stream()
                .mapToDouble(a -> truth.purchaseProbability(index(a[0]), index(a[1])))
                .average()
                .orElse(Double.NaN);
        double yuan = admitted.stream()
                        .mapToDouble(a -> truth.expectedIncrementalCents(a[0], a[1], ATTRIBUTION_WINDOW_MILLIS))
                        .average()
                        .orElse(Double.NaN)
                / 100;
        long pairs = admitted.stream().map(a -> a[0] + "/" + a[1]).distinct().count();
        System.out.printf(
                "%-20s pairs %5d, admitted %5d, mean planted response probability %.4f, planted incremental GMV per routed"
                        + " impression %.3f yuan%n",
                what, pairs, admitted.size(), p, yuan);
    }

    private static List<RoutingDecision> replay(
            BudgetGate.PacingMode mode,
            Map<String, Long> budgets,
            List<JsonNode> sessions,
            List<String[]> proposals,
            ProposalValue value)
            throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new BudgetGate(ZoneId.of("Asia/Shanghai"), 0.05, mode),
                (Proposal p) -> p.brand,
                (BrandSignal s) -> s.brand,
                Types.STRING)) {
            h.open();
            for (var budget : budgets.entrySet()) {
                h.processElement2(
                        BrandSignal.budget(new ControlEvent(
                                ControlKind.BRAND_BUDGET,
                                null,
                                budget.getKey(),
                                null,
                                null,
                                null,
                                null,
                                budget.getValue(),
                                T0)),
                        T0);
            }
            for (JsonNode s : sessions) {
                h.processElement2(
                        BrandSignal.of(RoutingTestData.goesLive(
                                s.path("brand").asText(),
                                s.path("session_id").asText(),
                                s.path("start_time").asLong(),
                                s.path("end_time").asLong())),
                        T0);
            }
            int n = 0;
            java.util.Set<String> routed = new java.util.HashSet<>();
            for (String[] row : proposals) {
                if (routed.contains(row[0] + "/" + row[1])) {
                    continue; // the per-user stage routes a user to a brand once a day: no second proposal
                }
                Proposal p = new Proposal();
                p.decisionId = "d" + n++;
                p.user = row[0];
                p.brand = row[1];
                p.sessionId = row[2];
                p.activityTime = Long.parseLong(row[3]);
                p.value = value.of(p.user, p.brand, p.activityTime);
                p.score = p.value;
                int before = h.getOutput().size();
                h.processElement1(p, p.activityTime);
                if (h.getOutput().size() > before) {
                    routed.add(p.user + "/" + p.brand);
                }
            }
            return h.extractOutputValues();
        }
    }

    private static void readLiveEvents(Path events, Map<String, Long> budgets, List<JsonNode> sessions)
            throws Exception {
        forEachLiveEvent(events, (topic, value) -> {
            if (topic.equals("control")
                    && value.path("kind").asText().equals("brand_budget")
                    && value.path("daily_budget").canConvertToLong()) {
                budgets.put(
                        value.path("brand").asText(), value.path("daily_budget").asLong());
            } else if (topic.equals("live-sessions")
                    && value.path("status").asText().equals("scheduled")
                    && value.hasNonNull("start_time")
                    && value.hasNonNull("end_time")) {
                sessions.add(value);
            }
        });
        sessions.removeIf(s -> !budgets.containsKey(s.path("brand").asText()));
    }

    /** Each well-formed record of the market's live events file, as its topic and parsed value. */
    private static void forEachLiveEvent(Path events, java.util.function.BiConsumer<String, JsonNode> each)
            throws Exception {
        try (BufferedReader in = Files.newBufferedReader(events)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode value;
                String topic;
                try {
                    JsonNode record = EventJson.mapper().readTree(line);
                    topic = record.path("topic").asText();
                    value = EventJson.mapper().readTree(record.path("value").asText());
                } catch (Exception malformed) {
                    continue; // the market plants malformed records
                }
                each.accept(topic, value);
            }
        }
    }

    /** user, brand, session, activity time of every proposal of a budgeted brand, in activity-time order. */
    private static List<String[]> proposals(Path outcomes, Map<String, Long> budgets) throws Exception {
        List<String[]> rows = new ArrayList<>();
        readCsv(outcomes.resolve("decisions.csv"), 7, 9, budgets, rows);
        readCsv(outcomes.resolve("refusals.csv"), 5, 6, budgets, rows);
        rows.sort(Comparator.comparingLong(r -> Long.parseLong(r[3])));
        return rows;
    }

    /** user, brand, session, activity time and the loop's value (empty where the file has none). */
    private static void readCsv(
            Path csv, int timeColumn, int valueColumn, Map<String, Long> budgets, List<String[]> rows)
            throws Exception {
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (budgets.containsKey(f[2])) {
                rows.add(new String[] {f[1], f[2], f[3], f[timeColumn], f.length > valueColumn ? f[valueColumn] : ""});
            }
        }
    }

    /** The value the loop's own job put on each proposal, where the run wrote it (else the history's share). */
    private static ProposalValue loopValues(List<String[]> proposals, Shares fallback) {
        Map<String, Double> byProposal = new HashMap<>();
        for (String[] p : proposals) {
            if (!p[4].isEmpty()) {
                byProposal.put(p[0] + "/" + p[1] + "/" + p[3], Double.parseDouble(p[4]));
            }
        }
        return (user, brand, time) -> {
            Double v = byProposal.get(user + "/" + brand + "/" + time);
            return v != null ? v : fallback.of(user, brand);
        };
    }

    private static int index(String id) {
        return Integer.parseInt(id.substring(1));
    }

    /**
     * The proposals in the order the loop's budget stage most likely saw them: each per-user subtask (the user's
     * key group at parallelism 2) runs through the day's traffic at its own pace, which the processing times of
     * its decisions other than go-live reminders show; a proposal is placed at the first moment its subtask had
     * reached its activity time. A go-live reminder (a proposal at its session's start) comes first: the demo
     * sends the day's sessions before its traffic, so every reminder of the day is proposed at once.
     */
    private static List<String[]> inLoopOrder(
            Path decisionsCsv, List<String[]> proposals, Map<String, Long> sessionStarts) throws Exception {
        List<String> lines = Files.readAllLines(decisionsCsv);
        List<long[]>[] clocks = new List[] {new ArrayList<long[]>(), new ArrayList<long[]>()};
        List<long[]> all = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (!f[5].startsWith("reminder")) {
                all.add(new long[] {subtask(f[1]), Long.parseLong(f[8]), Long.parseLong(f[7])});
            }
        }
        all.sort(Comparator.comparingLong(r -> r[1]));
        long[] reached = {Long.MIN_VALUE, Long.MIN_VALUE};
        for (long[] r : all) {
            int s = (int) r[0];
            if (r[2] > reached[s]) {
                reached[s] = r[2];
                clocks[s].add(new long[] {r[1], r[2]});
            }
        }
        Map<String[], Long> wall = new java.util.IdentityHashMap<>();
        for (String[] p : proposals) {
            List<long[]> clock = clocks[subtask(p[0])];
            long t = Long.parseLong(p[3]);
            if (Long.valueOf(t).equals(sessionStarts.get(p[2]))) {
                wall.put(p, Long.MIN_VALUE);
                continue;
            }
            int lo = 0;
            int hi = clock.size() - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (clock.get(mid)[1] >= t) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            wall.put(p, clock.get(lo)[0]);
        }
        List<String[]> ordered = new ArrayList<>(proposals);
        ordered.sort(Comparator.comparingLong(wall::get));
        return ordered;
    }

    private static int subtask(String user) {
        return org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(user, 1024, 2);
    }

    /** What a proposal of {@code brand} to {@code user} at {@code time} is worth to value pacing. */
    private interface ProposalValue {
        double of(String user, String brand, long time);
    }

    /** The live day's engagements and expert orders: user, brand, time, weight as the served share counts them. */
    private static List<Object[]> liveInteractions(Path events) throws Exception {
        List<Object[]> out = new ArrayList<>();
        forEachLiveEvent(events, (topic, e) -> {
            if (!e.hasNonNull("user")
                    || !e.hasNonNull("brand")
                    || !e.path("event_time").canConvertToLong()) {
                return;
            }
            double weight;
            if (topic.equals("engagements")) {
                weight = io.chuanliu.common.ranking.InteractionWeights.engagement(
                        e.path("kind").asText());
            } else if (topic.equals("expert-orders")) {
                weight = e.path("refund").asBoolean() ? -1 : 1;
            } else {
                return;
            }
            out.add(new Object[] {
                e.path("user").asText(),
                e.path("brand").asText(),
                e.path("event_time").asLong(),
                weight
            });
        });
        out.sort(Comparator.comparingLong(r -> (Long) r[2]));
        return out;
    }

    /**
     * The served share on the stream's state at each proposal: the history's weights plus the live day's
     * interactions up to the proposal's time, all decayed to that time. Asked in time order.
     */
    private static final class LiveShares {
        private final Shares base;
        private final List<Object[]> live;
        private final Map<String, Double> userBrand;
        private final Map<String, Double> user;
        private int next;

        LiveShares(Shares base, List<Object[]> live) {
            this.base = base;
            this.live = live;
            this.userBrand = new HashMap<>(base.userBrand());
            this.user = new HashMap<>(base.user());
        }

        double at(String u, String b, long time) {
            while (next < live.size() && (Long) live.get(next)[2] <= time) {
                Object[] e = live.get(next++);
                double w = (Double) e[3] * Math.pow(2, ((Long) e[2] - base.asOf()) / HALF_LIFE_MILLIS);
                userBrand.merge(e[0] + "/" + e[1], w, Double::sum);
                user.merge((String) e[0], w, Double::sum);
            }
            double decay = Math.pow(2, -(time - base.asOf()) / HALF_LIFE_MILLIS);
            return (Math.max(0, userBrand.getOrDefault(u + "/" + b, 0.0)) * decay + SMOOTHING / base.brands())
                    / (user.getOrDefault(u, 0.0) * decay + SMOOTHING);
        }
    }

    /** Decayed history weight per user and per (user, brand), as of the history's last event. */
    private record Shares(Map<String, Double> userBrand, Map<String, Double> user, int brands, long asOf) {

        static Shares of(Path history, int brands) throws Exception {
            return of(history, brands, false);
        }

        /**
         * @param servedWeights weigh interactions as the served share does (each order once, engagements by kind:
         *     {@code RankerFeatures.responseShare}) instead of orders 1 and engagements 0.3
         */
        static Shares of(Path history, int brands, boolean servedWeights) throws Exception {
            List<JsonNode> events = new ArrayList<>();
            long asOf = Long.MIN_VALUE;
            for (String file : List.of("engagements.jsonl", "expert_orders.jsonl")) {
                try (BufferedReader in = Files.newBufferedReader(history.resolve(file))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        JsonNode e = EventJson.mapper().readTree(line);
                        boolean engagement = file.startsWith("engagements");
                        double weight = !servedWeights
                                ? (engagement ? ENGAGEMENT_WEIGHT : 1.0)
                                : engagement
                                        ? io.chuanliu.common.ranking.InteractionWeights.engagement(
                                                e.path("kind").asText())
                                        : (e.path("refund").asBoolean() ? -1 : 1);
                        ((com.fasterxml.jackson.databind.node.ObjectNode) e).put("_weight", weight);
                        events.add(e);
                        asOf = Math.max(asOf, e.path("event_time").asLong());
                    }
                }
            }
            Map<String, Double> userBrand = new HashMap<>();
            Map<String, Double> user = new HashMap<>();
            for (JsonNode e : events) {
                double w = e.path("_weight").asDouble()
                        * Math.pow(2, -(asOf - e.path("event_time").asLong()) / HALF_LIFE_MILLIS);
                userBrand.merge(e.path("user").asText() + "/" + e.path("brand").asText(), w, Double::sum);
                user.merge(e.path("user").asText(), w, Double::sum);
            }
            return new Shares(userBrand, user, brands, asOf);
        }

        double of(String u, String b, long time) {
            return of(u, b);
        }

        double of(String u, String b) {
            return (userBrand.getOrDefault(u + "/" + b, 0.0) + SMOOTHING / brands)
                    / (user.getOrDefault(u, 0.0) + SMOOTHING);
        }
    }
}
