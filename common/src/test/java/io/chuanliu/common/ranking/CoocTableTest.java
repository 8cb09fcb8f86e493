package io.chuanliu.common.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoocTableTest {

    @Test
    void sumsAndMaximaEqualThoseOfAMapWhateverTheCollisions() {
        Random random = new Random(7);
        int entries = 5_000;
        CoocTable table = new CoocTable(entries);
        Map<Integer, Double> sums = new HashMap<>();
        Map<Integer, Double> maxima = new HashMap<>();
        for (int n = 0; n < entries; n++) {
            // Few distinct brands, many of them multiples of the capacity, so slots collide and probe.
            int brand = random.nextInt(300) * 1024;
            double weighted = random.nextDouble();
            double similarity = random.nextDouble();
            table.add(brand, weighted, similarity);
            sums.merge(brand, weighted, Double::sum);
            maxima.merge(brand, similarity, Math::max);
        }
        assertEquals(sums.size(), table.size());
        Set<Integer> listed = new HashSet<>();
        for (int i = 0; i < table.size(); i++) {
            listed.add(table.brand(i));
        }
        assertEquals(sums.keySet(), listed);
        for (int brand : sums.keySet()) {
            assertEquals(sums.get(brand), table.sum(brand), 0.0, "the same additions in the same order");
            assertEquals(maxima.get(brand), table.max(brand), 0.0);
        }
        assertEquals(0.0, table.sum(7), "a brand never added");
        assertEquals(0.0, table.max(7));
    }

    @Test
    void holdsAsManyDistinctBrandsAsItWasSizedFor() {
        CoocTable table = new CoocTable(3);
        table.add(1, 1, 0.5);
        table.add(2, 2, 0.25);
        table.add(3, 3, 0.125);
        assertEquals(3, table.size());
        assertEquals(3.0, table.sum(3));
    }
}
