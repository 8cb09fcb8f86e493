package io.chuanliu.deploy.local.demo;

import io.chuanliu.common.events.RoutingDecision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The counts the demo's summary shows: routed users per brand, decisions by reason, dead letters by kind. */
final class Tallies {

    private Tallies() {}

    /** Distinct routed users per brand, most first (ties by brand). */
    static Map<String, Long> routedUsersByBrand(List<RoutingDecision> decisions) {
        Map<String, Long> byBrand = decisions.stream()
                .collect(Collectors.groupingBy(
                        RoutingDecision::brand,
                        TreeMap::new,
                        Collectors.mapping(RoutingDecision::user, Collectors.collectingAndThen(Collectors.toSet(), s ->
                                (long) s.size()))));
        return byBrand.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    static <T> Map<String, Long> countBy(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    /** "field 'amount_cents' must not be negative, got -5" -> "field 'amount_cents' must not be negative". */
    static String reasonKind(String reason) {
        String kind =
                reason.replaceAll(", got .*", "").replaceAll(": .*", "").replaceAll("event_time \\d+", "event_time");
        return kind.replaceAll(" is \\d+ s in the future.*", " is in the future");
    }
}
