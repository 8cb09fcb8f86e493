package io.chuanliu.deploy.local.demo;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.generator.market.RoomResponse;
import io.chuanliu.generator.output.LiveEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Closes the demo's loop: each routing decision the job wrote is shown to the synthetic market,
 * whose {@link RoomResponse} says whether the routed user buys in the brand's room and when. The
 * orders go to a file of live events, in event-time order, for the replayer to send to
 * {@code expert-orders} like any other brand-room order.
 */
final class RoomVisits {

    private final RoomResponse response;

    RoomVisits(RoomResponse response) {
        this.response = response;
    }

    /** Writes the orders the decisions cause to {@code file}; returns how many. */
    long write(List<RoutingDecision> decisions, Path file) throws IOException {
        List<ExpertOrder> orders = decisions.stream()
                .map(d -> response.respond(d.decisionId(), d.user(), d.brand(), d.activityTime()))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparingLong(ExpertOrder::eventTime).thenComparing(ExpertOrder::orderId))
                .toList();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (ExpertOrder order : orders) {
                out.write(EventJson.toJson(
                        new LiveEvent(order.eventTime(), Topics.EXPERT_ORDERS, order.user(), EventJson.toJson(order))));
                out.newLine();
            }
        }
        return orders.size();
    }
}
