package io.chuanliu.deploy.local.demo;

import io.chuanliu.common.events.Conversion;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.common.events.RoutingDecision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Writes what the job put on its output topics as CSV files in {@code <work>/outcomes/}, for the
 * notebooks (which read CSV: pyarrow is not packaged everywhere) and for anyone checking the run.
 * The caller passes decisions with duplicates removed (the topic is at-least-once).
 */
final class OutcomeFiles {

    private final Path dir;

    OutcomeFiles(Path dir) {
        this.dir = dir;
    }

    void write(
            List<RoutingDecision> decisions,
            List<RouteRefusal> refusals,
            List<Conversion> conversions,
            List<ExpertReward> rewards,
            Incrementality incrementality)
            throws IOException {
        Files.createDirectories(dir);
        csv(
                "decisions.csv",
                "decision_id,user,brand,session_id,score,reason,expert,activity_time,decided_at,value",
                decisions,
                d -> String.join(
                        ",",
                        d.decisionId(),
                        d.user(),
                        d.brand(),
                        d.sessionId(),
                        String.valueOf(d.score()),
                        d.reason(),
                        d.expert() == null ? "" : d.expert(),
                        String.valueOf(d.activityTime()),
                        String.valueOf(d.decidedAt()),
                        orEmpty(d.value())));
        csv(
                "refusals.csv",
                "decision_id,user,brand,session_id,rule,activity_time,value",
                refusals,
                r -> String.join(
                        ",",
                        r.decisionId(),
                        r.user(),
                        r.brand(),
                        r.sessionId(),
                        r.rule(),
                        String.valueOf(r.activityTime()),
                        orEmpty(r.value())));
        csv(
                "conversions.csv",
                "decision_id,user,brand,group,order_id,amount_cents,decision_time,event_time",
                conversions,
                c -> String.join(
                        ",",
                        c.decisionId(),
                        c.user(),
                        c.brand(),
                        c.group(),
                        c.orderId(),
                        String.valueOf(c.amountCents()),
                        String.valueOf(c.decisionTime()),
                        String.valueOf(c.eventTime())));
        csv(
                "rewards.csv",
                "reward_id,expert,brand,user,decision_id,order_id,order_amount_cents,credit,event_time,reverses",
                rewards,
                r -> String.join(
                        ",",
                        r.rewardId(),
                        r.expert(),
                        r.brand(),
                        r.user(),
                        r.decisionId(),
                        r.orderId(),
                        String.valueOf(r.orderAmountCents()),
                        String.valueOf(r.credit()),
                        String.valueOf(r.eventTime()),
                        r.reverses() == null ? "" : r.reverses()));
        csv(
                "incrementality.csv",
                "brand,routes,holdouts,routed_conversions,holdout_conversions,estimate_cents,low_cents,high_cents,"
                        + "planted_truth_cents",
                List.copyOf(incrementality.byBrand().entrySet()),
                e -> String.join(
                        ",",
                        e.getKey(),
                        String.valueOf(e.getValue().routes()),
                        String.valueOf(e.getValue().holdouts()),
                        String.valueOf(e.getValue().routedConversions()),
                        String.valueOf(e.getValue().holdoutConversions()),
                        orEmpty(e.getValue().estimateCents()),
                        orEmpty(e.getValue().lowCents()),
                        orEmpty(e.getValue().highCents()),
                        String.valueOf(e.getValue().truthCents())));
    }

    private static String orEmpty(Double value) {
        return value == null ? "" : String.valueOf(value);
    }

    private <T> void csv(String name, String header, List<T> rows, Function<T, String> line) throws IOException {
        StringBuilder out = new StringBuilder(header).append('\n');
        rows.forEach(row -> out.append(line.apply(row)).append('\n'));
        Files.writeString(dir.resolve(name), out);
    }
}
