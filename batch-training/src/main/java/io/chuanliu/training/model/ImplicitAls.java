package io.chuanliu.training.model;

/**
 * The arithmetic of implicit-feedback ALS (Hu, Koren, Volinsky 2008), in plain Java on dense
 * arrays, with MLlib's conventions: a rating {@code r > 0} is a preference of 1 with confidence
 * {@code 1 + alpha * r}, and the L2 penalty of a row is {@code regParam} times its number of
 * ratings. One side's row solves
 *
 * <pre>(G + sum_j alpha r_j y_j y_j' + regParam n I) x = sum_j (1 + alpha r_j) y_j</pre>
 *
 * where {@code G} is the Gram matrix of the other side's factors and {@code y_j} the factors of the
 * rows it rated. The brand side is small, so brands are solved on the driver from per-brand sums
 * of {@code alpha r x x'} and {@code (1 + alpha r) x}; users are solved where their ratings are.
 *
 * <p>Matrices are row-major {@code double[rank * rank]}. A brand's sums are one array of
 * {@link #partialLength} numbers: the matrix's upper triangle, then the right-hand side, then the
 * count, so that what crosses the network per brand is about half a matrix.
 */
public final class ImplicitAls {

    private ImplicitAls() {}

    /** Numbers per brand in a partial sum: the matrix's upper triangle row by row, right-hand side, rating count. */
    public static int partialLength(int rank) {
        return packed(rank) + rank + 1;
    }

    private static int packed(int rank) {
        return rank * (rank + 1) / 2;
    }

    /** The Gram matrix {@code sum_i f_i f_i'} of {@code rows} factor vectors stored back to back. */
    public static double[] gram(double[] factors, int rows, int rank) {
        double[] g = new double[rank * rank];
        for (int i = 0; i < rows; i++) {
            addOuter(g, factors, i * rank, rank, 1.0);
        }
        mirror(g, rank);
        return g;
    }

    /**
     * Solves one row's factors against the other side.
     *
     * @param gram Gram matrix of the other side (not modified)
     * @param other the other side's factors, back to back
     * @param rated indices into {@code other} of the rows this one rated
     * @param ratings the ratings, > 0, in the order of {@code rated}
     * @param scratch a {@code rank * rank} work array
     * @param out receives the {@code rank} factors
     */
    public static void solve(
            double[] gram,
            double[] other,
            int[] rated,
            float[] ratings,
            int rank,
            double alpha,
            double regParam,
            double[] scratch,
            double[] out) {
        System.arraycopy(gram, 0, scratch, 0, rank * rank);
        java.util.Arrays.fill(out, 0, rank, 0.0);
        for (int j = 0; j < rated.length; j++) {
            double c1 = alpha * ratings[j];
            int offset = rated[j] * rank;
            addOuter(scratch, other, offset, rank, c1);
            double weight = 1.0 + c1;
            for (int a = 0; a < rank; a++) {
                out[a] += weight * other[offset + a];
            }
        }
        mirror(scratch, rank);
        double lambda = regParam * rated.length;
        for (int a = 0; a < rank; a++) {
            scratch[a * rank + a] += lambda;
        }
        choleskySolve(scratch, out, rank);
    }

    /**
     * Adds one user's contribution to the brand sums: for every brand the user rated,
     * {@code alpha r x x'} to its matrix, {@code (1 + alpha r) x} to its right-hand side and 1 to its
     * count (the matrix as its upper triangle, see {@link #partialLength}).
     *
     * @param partials per brand, {@link #partialLength} numbers, allocated here on first use
     */
    public static void accumulate(
            double[][] partials, double[] x, int[] rated, float[] ratings, int rank, double alpha) {
        int rhs = packed(rank);
        for (int j = 0; j < rated.length; j++) {
            double[] p = partials[rated[j]];
            if (p == null) {
                p = new double[partialLength(rank)];
                partials[rated[j]] = p;
            }
            double c1 = alpha * ratings[j];
            int i = 0;
            for (int a = 0; a < rank; a++) {
                double wa = c1 * x[a];
                for (int b = a; b < rank; b++) {
                    p[i++] += wa * x[b];
                }
            }
            double weight = 1.0 + c1;
            for (int a = 0; a < rank; a++) {
                p[rhs + a] += weight * x[a];
            }
            p[rhs + rank] += 1.0;
        }
    }

    /** Adds {@code x x'} to the upper triangle of {@code gram}; {@link #mirror} completes it. */
    public static void addToGram(double[] gram, double[] x, int rank) {
        addOuter(gram, x, 0, rank, 1.0);
    }

    /**
     * Solves a brand from its summed partial and the Gram matrix of the user factors.
     *
     * @param out receives the {@code rank} factors
     */
    public static void solveFromPartial(
            double[] userGram, double[] partial, int rank, double regParam, double[] scratch, double[] out) {
        int i = 0;
        for (int a = 0; a < rank; a++) {
            for (int b = a; b < rank; b++) {
                double v = userGram[a * rank + b] + partial[i++];
                scratch[a * rank + b] = v;
                scratch[b * rank + a] = v;
            }
        }
        int rhs = packed(rank);
        double lambda = regParam * partial[rhs + rank];
        for (int a = 0; a < rank; a++) {
            scratch[a * rank + a] += lambda;
        }
        System.arraycopy(partial, rhs, out, 0, rank);
        choleskySolve(scratch, out, rank);
    }

    /** {@code m[a][b] += w * v[a] * v[b]} for {@code b >= a}, {@code v} starting at {@code offset}. */
    private static void addOuter(double[] m, double[] v, int offset, int rank, double w) {
        for (int a = 0; a < rank; a++) {
            double wa = w * v[offset + a];
            int row = a * rank;
            for (int b = a; b < rank; b++) {
                m[row + b] += wa * v[offset + b];
            }
        }
    }

    /** Copies the upper triangle of the square matrix {@code m} into its lower one. */
    public static void mirror(double[] m, int rank) {
        for (int a = 1; a < rank; a++) {
            for (int b = 0; b < a; b++) {
                m[a * rank + b] = m[b * rank + a];
            }
        }
    }

    /**
     * Solves {@code m x = rhs} for a symmetric positive definite {@code m} by Cholesky, in place:
     * {@code m} is overwritten by its factor and {@code rhs} by the solution.
     */
    static void choleskySolve(double[] m, double[] rhs, int n) {
        for (int j = 0; j < n; j++) {
            double d = m[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= m[j * n + k] * m[j * n + k];
            }
            if (!(d > 0)) {
                throw new ArithmeticException(
                        "ALS normal equations are not positive definite (pivot " + d + "): is als.reg-param above 0?");
            }
            double l = Math.sqrt(d);
            m[j * n + j] = l;
            for (int i = j + 1; i < n; i++) {
                double s = m[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= m[i * n + k] * m[j * n + k];
                }
                m[i * n + j] = s / l;
            }
        }
        for (int i = 0; i < n; i++) {
            double s = rhs[i];
            for (int k = 0; k < i; k++) {
                s -= m[i * n + k] * rhs[k];
            }
            rhs[i] = s / m[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = rhs[i];
            for (int k = i + 1; k < n; k++) {
                s -= m[k * n + i] * rhs[k];
            }
            rhs[i] = s / m[i * n + i];
        }
    }
}
