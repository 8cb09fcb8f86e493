package io.chuanliu.generator.output;

import io.chuanliu.generator.market.Market;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Writes the planted preferences as CSV {@code user,rank,brand,preference}: each user's top brands by
 * the exact probability that their next expert order goes to that brand.
 */
public final class GroundTruthWriter {

    private GroundTruthWriter() {}

    public static void write(Market market, Path file, int topK) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("user,rank,brand,preference\n");
            for (int u = 0; u < market.users(); u++) {
                double[] preference = market.plantedPreference(u);
                int[] ranked = IntStream.range(0, preference.length)
                        .filter(b -> preference[b] > 0)
                        .boxed()
                        .sorted(Comparator.comparingDouble((Integer b) -> -preference[b])
                                .thenComparing(b -> b))
                        .limit(topK)
                        .mapToInt(Integer::intValue)
                        .toArray();
                String user = Market.userId(u);
                for (int rank = 0; rank < ranked.length; rank++) {
                    out.write(user + "," + (rank + 1) + "," + Market.brandId(ranked[rank]) + ","
                            + String.format("%.6f", preference[ranked[rank]]) + "\n");
                }
            }
        }
    }
}
