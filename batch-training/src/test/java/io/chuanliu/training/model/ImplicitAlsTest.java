package io.chuanliu.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImplicitAlsTest {

    private static final int RANK = 4;
    private static final double ALPHA = 3.0;
    private static final double REG = 0.1;

    @Test
    void aUsersSolutionZeroesTheGradientOfTheImplicitLossOverEveryBrand() {
        int brands = 9;
        double[] y = random(brands * RANK, 1);
        int[] rated = {1, 4, 7};
        float[] ratings = {2f, 0.5f, 1f};

        double[] x = new double[RANK];
        ImplicitAls.solve(
                ImplicitAls.gram(y, brands, RANK), y, rated, ratings, RANK, ALPHA, REG, new double[RANK * RANK], x);

        // Brute force over every brand: preference 1 with confidence 1 + alpha r where rated, 0 with confidence 1
        // elsewhere; penalty reg * (number rated) * |x|^2. Half the gradient:
        double[] gradient = new double[RANK];
        for (int b = 0; b < brands; b++) {
            double preference = 0;
            double confidence = 1;
            for (int j = 0; j < rated.length; j++) {
                if (rated[j] == b) {
                    preference = 1;
                    confidence = 1 + ALPHA * ratings[j];
                }
            }
            double error = preference - dot(x, y, b);
            for (int a = 0; a < RANK; a++) {
                gradient[a] += confidence * error * y[b * RANK + a];
            }
        }
        for (int a = 0; a < RANK; a++) {
            gradient[a] -= REG * rated.length * x[a];
            assertThat(gradient[a]).as("gradient[%d]", a).isCloseTo(0.0, offset(1e-10));
        }
    }

    @Test
    void aBrandSolvedFromSummedPartialsEqualsTheSolveFromItsBuyers() {
        int users = 5;
        double[] x = random(users * RANK, 2);
        // Users 0, 2 and 3 rated brand 1 (ratings 1, 4, 2); user 2 also rated brand 0, which must not leak in.
        int[][] rated = {{1}, {}, {0, 1}, {1}, {}};
        float[][] ratings = {{1f}, {}, {5f, 4f}, {2f}, {}};

        double[][] firstTask = new double[2][];
        double[][] secondTask = new double[2][];
        double[] gram = new double[RANK * RANK];
        for (int u = 0; u < users; u++) {
            double[] xu = java.util.Arrays.copyOfRange(x, u * RANK, (u + 1) * RANK);
            ImplicitAls.accumulate(u < 3 ? firstTask : secondTask, xu, rated[u], ratings[u], RANK, ALPHA);
            ImplicitAls.addToGram(gram, xu, RANK);
        }
        ImplicitAls.mirror(gram, RANK);
        double[] summed = firstTask[1].clone();
        for (int i = 0; i < summed.length; i++) {
            summed[i] += secondTask[1][i];
        }
        assertThat(summed).hasSize(ImplicitAls.partialLength(RANK));
        assertThat(summed[summed.length - 1]).as("buyers counted").isEqualTo(3.0);

        double[] fromPartials = new double[RANK];
        ImplicitAls.solveFromPartial(gram, summed, RANK, REG, new double[RANK * RANK], fromPartials);
        double[] direct = new double[RANK];
        ImplicitAls.solve(
                ImplicitAls.gram(x, users, RANK),
                x,
                new int[] {0, 2, 3},
                new float[] {1f, 4f, 2f},
                RANK,
                ALPHA,
                REG,
                new double[RANK * RANK],
                direct);
        for (int a = 0; a < RANK; a++) {
            assertThat(fromPartials[a]).isCloseTo(direct[a], offset(1e-12));
        }
    }

    @Test
    void aSingularSystemIsRefusedWithTheSettingToFix() {
        double[] y = new double[2 * RANK]; // all zero: nothing to learn from and no penalty
        assertThatThrownBy(() -> ImplicitAls.solve(
                        ImplicitAls.gram(y, 2, RANK),
                        y,
                        new int[] {0},
                        new float[] {1f},
                        RANK,
                        ALPHA,
                        0.0,
                        new double[RANK * RANK],
                        new double[RANK]))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("als.reg-param");
    }

    private static double dot(double[] x, double[] y, int b) {
        double s = 0;
        for (int a = 0; a < RANK; a++) {
            s += x[a] * y[b * RANK + a];
        }
        return s;
    }

    private static double[] random(int n, long seed) {
        Random random = new Random(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextGaussian();
        }
        return out;
    }
}
