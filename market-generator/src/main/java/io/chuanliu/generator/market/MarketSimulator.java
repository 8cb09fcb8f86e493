package io.chuanliu.generator.market;

import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.EngagementKind;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.OrderChannel;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.events.UserActivity;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plays the market forward one user-hour at a time. Each user-hour draws from its own random
 * stream, so the result does not depend on the order in which user-hours are simulated: history is
 * generated user by user, the live day hour by hour, and both are reproducible.
 */
public final class MarketSimulator {

    private static final long HOUR_MILLIS = 3_600_000L;
    private static final double BRAND_LIVE_ORDERS_PER_USER_DAY = 0.03;
    private static final double REFUND_PROBABILITY = 0.04;
    private static final String[] SURFACES = {"feed", "live_square", "follow", "search"};

    private final Market market;
    private final MarketConfig config;
    private final UserHistory[] histories;
    private final int[][] brandExperts;
    private final long[] dayStarts;

    public MarketSimulator(Market market) {
        this.market = market;
        this.config = market.config();
        this.histories = new UserHistory[config.users()];
        for (int u = 0; u < histories.length; u++) {
            histories[u] = new UserHistory();
        }
        this.brandExperts = invertExpertBrands(market);
        this.dayStarts = new long[config.historyDays() + 1];
        for (int day = 0; day < dayStarts.length; day++) {
            dayStarts[day] = config.startDate()
                    .plusDays(day)
                    .atStartOfDay(config.zone())
                    .toInstant()
                    .toEpochMilli();
        }
    }

    private static int[][] invertExpertBrands(Market market) {
        List<List<Integer>> byBrand = new ArrayList<>();
        for (int b = 0; b < market.brands(); b++) {
            byBrand.add(new ArrayList<>());
        }
        for (int e = 0; e < market.experts(); e++) {
            for (int b : market.expertBrands(e)) {
                byBrand.get(b).add(e);
            }
        }
        int[][] out = new int[market.brands()][];
        for (int b = 0; b < out.length; b++) {
            out[b] = byBrand.get(b).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    public Market market() {
        return market;
    }

    /** Epoch milliseconds of local midnight starting {@code day} (day 0 is the first history day). */
    public long dayStart(int day) {
        return day < dayStarts.length
                ? dayStarts[day]
                : config.startDate()
                        .plusDays(day)
                        .atStartOfDay(config.zone())
                        .toInstant()
                        .toEpochMilli();
    }

    /**
     * Emits the operators' settings at local midnight: seller scores, budgets, opt-outs and experts'
     * word-of-mouth scores ({@link DailyControls}).
     */
    public void controls(int day, MarketEvents out) {
        DailyControls.emit(market, day, dayStart(day), out);
    }

    /** Emits the day's schedule at midnight, then each session's go-live and end. */
    public void sessions(int day, MarketEvents out) {
        long midnight = dayStart(day);
        for (int b = 0; b < market.brands(); b++) {
            for (Market.SessionPlan plan : market.sessionsOn(b, day)) {
                long start = midnight + plan.startMinute() * 60_000L;
                long end = start + plan.durationMinutes() * 60_000L;
                List<String> shelf = shelf(b, plan);
                String brand = Market.brandId(b);
                out.session(
                        new LiveSession(brand, plan.sessionId(), SessionStatus.SCHEDULED, start, end, shelf, midnight));
                out.session(new LiveSession(brand, plan.sessionId(), SessionStatus.LIVE, start, end, shelf, start));
                out.session(new LiveSession(brand, plan.sessionId(), SessionStatus.ENDED, start, end, shelf, end));
            }
        }
    }

    private List<String> shelf(int brand, Market.SessionPlan plan) {
        int items = Math.min(market.itemCount(brand), 8);
        List<String> shelf = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            shelf.add(Market.itemId(brand, i));
        }
        return shelf;
    }

    /**
     * Simulates one user for one local hour of one day.
     *
     * @param withActivity whether to emit app activity (only the live day needs traffic slots)
     */
    public void simulateUserHour(int user, int day, int hour, boolean withActivity, MarketEvents out) {
        SplittableRandom r = Seeds.stream(config.seed(), 10, user, day, hour);
        double hourScale = market.activity(user) * ActivityCurve.share(hour);
        long hourStart = dayStart(day) + hour * HOUR_MILLIS;
        int orders = Seeds.poisson(r, config.ordersPerUserDay() * hourScale);
        int engagements = Seeds.poisson(r, config.engagementsPerUserDay() * hourScale);
        int brandLiveOrders = Seeds.poisson(r, BRAND_LIVE_ORDERS_PER_USER_DAY * hourScale);
        int activities = withActivity ? Seeds.poisson(r, config.activitiesPerUserDay() * hourScale) : 0;
        if (orders + engagements + brandLiveOrders + activities == 0) {
            return;
        }
        String userId = Market.userId(user);
        UserHistory history = histories[user];

        for (int i = 0; i < orders; i++) {
            long time = hourStart + r.nextInt((int) HOUR_MILLIS);
            int brand = -1;
            int expert = -1;
            if (history.hasBought() && r.nextDouble() < config.repurchaseProbability()) {
                brand = history.recentBrand(r.nextInt(history.rememberedBrands()));
                expert = expertFor(user, brand, r);
            }
            if (expert < 0) {
                expert = pickFollowedExpert(user, r);
                brand = pickBrandOf(user, expert, r);
            }
            OrderChannel channel = r.nextDouble() < 0.7 ? OrderChannel.EXPERT_LIVE : OrderChannel.EXPERT_VIDEO;
            out.order(order(
                    r,
                    "o" + day + "-" + user + "-" + hour + "-" + i,
                    userId,
                    brand,
                    Market.expertId(expert),
                    channel,
                    time));
            history.bought(brand);
        }

        for (int i = 0; i < engagements; i++) {
            long time = hourStart + r.nextInt((int) HOUR_MILLIS);
            int expert = pickFollowedExpert(user, r);
            int brand = pickBrandOf(user, expert, r);
            double k = r.nextDouble();
            EngagementKind kind = k < 0.6 ? EngagementKind.VIEW : k < 0.9 ? EngagementKind.LIKE : EngagementKind.CART;
            out.engagement(new Engagement(
                    userId,
                    Market.brandId(brand),
                    Market.itemId(brand, r.nextInt(market.itemCount(brand))),
                    Market.expertId(expert),
                    kind,
                    time));
        }

        for (int i = 0; i < brandLiveOrders; i++) {
            int minute = hour * 60 + r.nextInt(60);
            int brand = pickLiveBrand(user, day, minute, r);
            if (brand >= 0) {
                long time = dayStart(day) + minute * 60_000L + r.nextInt(60_000);
                out.order(order(
                        r,
                        "o" + day + "-" + user + "-" + hour + "-L" + i,
                        userId,
                        brand,
                        null,
                        OrderChannel.BRAND_LIVE,
                        time));
                history.bought(brand);
            }
        }

        for (int i = 0; i < activities; i++) {
            out.activity(new UserActivity(
                    userId, SURFACES[r.nextInt(SURFACES.length)], hourStart + r.nextInt((int) HOUR_MILLIS)));
        }
    }

    private ExpertOrder order(
            SplittableRandom r,
            String orderId,
            String user,
            int brand,
            String expert,
            OrderChannel channel,
            long time) {
        int item = (int) Math.floor(Math.pow(r.nextDouble(), 2) * market.itemCount(brand));
        int quantity = r.nextDouble() < 0.8 ? 1 : 2 + r.nextInt(2);
        boolean refund = r.nextDouble() < REFUND_PROBABILITY;
        return new ExpertOrder(
                orderId,
                user,
                Market.brandId(brand),
                Market.itemId(brand, item),
                expert,
                channel,
                market.priceCents(brand, item) * quantity,
                quantity,
                time,
                refund);
    }

    private int pickFollowedExpert(int user, SplittableRandom r) {
        double[] weights = market.followWeights(user);
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        return market.followedExperts(user)[Seeds.pick(r, weights, total)];
    }

    private int pickBrandOf(int user, int expert, SplittableRandom r) {
        int[] brands = market.expertBrands(expert);
        double[] weights = new double[brands.length];
        double total = 0;
        for (int i = 0; i < brands.length; i++) {
            weights[i] = market.brandWeight(user, brands[i]);
            total += weights[i];
        }
        return brands[Seeds.pick(r, weights, total)];
    }

    /** A followed expert who sells the brand, else any expert who does, else -1 (no expert sells it). */
    private int expertFor(int user, int brand, SplittableRandom r) {
        for (int e : market.followedExperts(user)) {
            for (int b : market.expertBrands(e)) {
                if (b == brand && r.nextDouble() < 0.8) {
                    return e;
                }
            }
        }
        int[] sellers = brandExperts[brand];
        return sellers.length == 0 ? -1 : sellers[r.nextInt(sellers.length)];
    }

    /** A brand broadcasting at that minute, favouring brands the user bought: -1 when none is live. */
    private int pickLiveBrand(int user, int day, int minute, SplittableRandom r) {
        double[] weights = new double[market.brands()];
        double total = 0;
        UserHistory history = histories[user];
        for (int b = 0; b < weights.length; b++) {
            boolean live = false;
            for (Market.SessionPlan plan : market.sessionsOn(b, day)) {
                live |= plan.covers(minute);
            }
            if (live) {
                double boost = 1;
                for (int i = 0; i < history.rememberedBrands(); i++) {
                    if (history.recentBrand(i) == b) {
                        boost = 4;
                    }
                }
                weights[b] = market.brandWeight(user, b) * boost;
                total += weights[b];
            }
        }
        return total == 0 ? -1 : Seeds.pick(r, weights, total);
    }

    /** Buyers so far, and the share of them who bought the same brand twice. */
    public RepurchaseStats repurchaseStats() {
        return RepurchaseStats.of(histories);
    }
}
