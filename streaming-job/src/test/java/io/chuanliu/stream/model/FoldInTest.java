package io.chuanliu.stream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chuanliu.common.model.BrandFactors;
import io.chuanliu.common.ranking.BrandSide;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldInTest {

    /** Brand factors alone: no neighbours, no popularity, no ranker. */
    private static LoadedModel model() {
        BrandSide brands = BrandSide.of(List.of(
                new BrandFactors("b1", new float[] {1, 0, 0}),
                new BrandFactors("b2", new float[] {0, 1, 0}),
                new BrandFactors("b3", new float[] {0.7f, 0.7f, 0.1f}),
                new BrandFactors("b4", new float[] {0, 0, 1})));
        return LoadedModel.of("v1", null, 3, brands, null, 0.1, 10, Map.of(), null);
    }

    @Test
    void shouldSolveTheImplicitAlsNormalEquationsOfTheUser() {
        LoadedModel model = model();
        float[] x = FoldIn.userFactors(model, new String[] {"b1", "b3"}, new double[] {1, 0.5});

        // (YᵀY + Σ(c-1)yyᵀ + λnI) x = Σ c y, with c = 1 + α s and n = 2 interactions.
        double[] a = model.gram().clone();
        double[] b = new double[3];
        double[][] ys = {
            toDouble(model.brandFactors().get("b1")),
            toDouble(model.brandFactors().get("b3"))
        };
        double[] c = {1 + 10 * 1.0, 1 + 10 * 0.5};
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 3; i++) {
                b[i] += c[n] * ys[n][i];
                for (int j = 0; j < 3; j++) {
                    a[i * 3 + j] += (c[n] - 1) * ys[n][i] * ys[n][j];
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            a[i * 3 + i] += 0.1 * 2;
        }
        for (int i = 0; i < 3; i++) {
            double lhs = 0;
            for (int j = 0; j < 3; j++) {
                lhs += a[i * 3 + j] * x[j];
            }
            assertThat(lhs).isCloseTo(b[i], within(1e-4));
        }
    }

    @Test
    void shouldRankTheBoughtBrandAndItsNeighbourAboveUnrelatedBrands() {
        LoadedModel model = model();
        float[] x = FoldIn.userFactors(model, new String[] {"b1"}, new double[] {1});

        assertThat(model.affinity(x, "b1")).isGreaterThan(model.affinity(x, "b3"));
        assertThat(model.affinity(x, "b3")).isGreaterThan(model.affinity(x, "b2"));
        assertThat(model.affinity(x, "b1")).isGreaterThan(model.affinity(x, "b4"));
    }

    @Test
    void shouldGiveNoFactorsWhenNoTouchedBrandIsInTheModel() {
        assertThat(FoldIn.userFactors(model(), new String[] {"unknown"}, new double[] {1}))
                .isNull();
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
