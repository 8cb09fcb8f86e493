package io.chuanliu.deploy.local.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chuanliu.common.events.ExpertReward;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The expert rewards the job committed: how many, to how many experts, and the experts with the most credit. */
public record RewardTotals(
        long rewards,
        long experts,
        @JsonProperty("total_credit") double totalCredit,
        @JsonProperty("top_experts_by_credit") Map<String, Double> topExperts) {

    private static final int TOP = 5;

    public static RewardTotals of(List<ExpertReward> rewards) {
        Map<String, Double> byExpert = rewards.stream()
                .collect(Collectors.groupingBy(
                        ExpertReward::expert, TreeMap::new, Collectors.summingDouble(ExpertReward::credit)));
        Map<String, Double> top = byExpert.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        e -> Math.round(e.getValue() * 1000) / 1000.0,
                        (a, b) -> a,
                        LinkedHashMap::new));
        double total = rewards.stream().mapToDouble(ExpertReward::credit).sum();
        return new RewardTotals(rewards.size(), byExpert.size(), Math.round(total * 1000) / 1000.0, top);
    }
}
