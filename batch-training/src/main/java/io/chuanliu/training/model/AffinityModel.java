package io.chuanliu.training.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted implicit ALS model: the brand factors, held on the driver (they grow with brands), and
 * the users' cached ratings, from which each user's factors are solved against the brand factors
 * when asked for (one small solve per user, the same solve as the last iteration's). Affinity of a
 * user for a brand is the dot product of their factors.
 */
public final class AffinityModel implements AutoCloseable {

    static final StructType FACTORS = new StructType()
            .add("user", DataTypes.StringType, false)
            .add("factors", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    private static final StructType BRAND_FACTORS = new StructType()
            .add("brand", DataTypes.StringType, false)
            .add("factors", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    private static final StructType SCORED = new StructType()
            .add("user", DataTypes.StringType, false)
            .add("brand", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, false);

    private final JavaRDD<UserRatings> ratings;
    private final String[] brands;
    private final double[] brandFactors;
    private final int rank;
    private final double alpha;
    private final double regParam;
    private Broadcast<double[]> broadcastFactors;

    AffinityModel(
            JavaRDD<UserRatings> ratings,
            String[] brands,
            double[] brandFactors,
            int rank,
            double alpha,
            double regParam) {
        this.ratings = ratings;
        this.brands = brands;
        this.brandFactors = brandFactors;
        this.rank = rank;
        this.alpha = alpha;
        this.regParam = regParam;
    }

    public int rank() {
        return rank;
    }

    public double alpha() {
        return alpha;
    }

    /** Columns user, factors (array of float). */
    public Dataset<Row> userFactors() {
        Broadcast<double[]> factors = factors();
        double[] gram = ImplicitAls.gram(brandFactors, brands.length, rank);
        int r = rank;
        double a = alpha;
        double reg = regParam;
        JavaRDD<Row> rows = ratings.mapPartitions(users -> {
            double[] y = factors.value();
            double[] scratch = new double[r * r];
            double[] x = new double[r];
            List<Row> out = new ArrayList<>();
            while (users.hasNext()) {
                UserRatings u = users.next();
                ImplicitAls.solve(gram, y, u.brands(), u.ratings(), r, a, reg, scratch, x);
                out.add(RowFactory.create(u.user(), boxed(x)));
            }
            return out.iterator();
        });
        return session().createDataFrame(rows, FACTORS);
    }

    /** Columns brand, factors (array of float). */
    public Dataset<Row> brandFactors() {
        List<Row> rows = new ArrayList<>(brands.length);
        for (int b = 0; b < brands.length; b++) {
            double[] f = new double[rank];
            System.arraycopy(brandFactors, b * rank, f, 0, rank);
            rows.add(RowFactory.create(brands[b], boxed(f)));
        }
        return session().createDataFrame(rows, BRAND_FACTORS);
    }

    /**
     * The top {@code n} brands by affinity of each user in {@code forUsers} (column user) that the
     * model knows: user, brand, score; ties by brand name.
     */
    public Dataset<Row> topBrands(Dataset<Row> forUsers, int n) {
        return topBrandsOf(forUsers.select("user").distinct().join(userFactors(), "user"), n);
    }

    private Dataset<Row> topBrandsOf(Dataset<Row> userFactors, int n) {
        return userFactors.select("user", "factors").flatMap(new TopBrands(strongestBrands(n)), Encoders.row(SCORED));
    }

    /** Each user's {@code n} strongest brands by this model's brand factors, for use in Spark tasks. */
    public StrongestBrands strongestBrands(int n) {
        return new StrongestBrands(factors(), brands, rank, n);
    }

    /**
     * Drops the cached ratings and the executors' copies of the brand factors. Datasets made from this
     * model stay valid: Spark recomputes what they need from their sources.
     */
    @Override
    public void close() {
        ratings.unpersist(false);
        if (broadcastFactors != null) {
            broadcastFactors.unpersist(false);
        }
    }

    private synchronized Broadcast<double[]> factors() {
        if (broadcastFactors == null) {
            broadcastFactors =
                    JavaSparkContext.fromSparkContext(ratings.context()).broadcast(brandFactors);
        }
        return broadcastFactors;
    }

    private SparkSession session() {
        return SparkSession.builder().sparkContext(ratings.context()).getOrCreate();
    }

    private static Float[] boxed(double[] values) {
        Float[] out = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** Factors as a Row holds them (a list of numbers), as the array the model files and the scorers use. */
    public static float[] factors(List<?> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }

    /**
     * A user's {@code n} best brands by the dot product of the float factors (as the model files hold
     * them) with the brand factors, by plain insertion into a sorted list, ties by brand name: the
     * reference that the faster {@link AffinityTopK} is tested against, and the audiences' look-alike
     * ranking. Serializable: the brand factors travel as a broadcast.
     */
    public static final class StrongestBrands implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Broadcast<double[]> factors;
        private final String[] brands;
        private final int rank;
        private final int n;

        StrongestBrands(Broadcast<double[]> factors, String[] brands, int rank, int n) {
            this.factors = factors;
            this.brands = brands;
            this.rank = rank;
            this.n = n;
        }

        /** (score, brand index) pairs, best first, at most {@code n}. */
        public List<double[]> of(float[] x) {
            double[] y = factors.value();
            List<double[]> best = new ArrayList<>(n + 1);
            for (int b = 0; b < brands.length; b++) {
                double score = 0;
                for (int a = 0; a < rank; a++) {
                    score += x[a] * (float) y[b * rank + a];
                }
                int at = 0;
                while (at < best.size() && best.get(at)[0] >= score) {
                    at++;
                }
                if (at < n) {
                    best.add(at, new double[] {score, b});
                    if (best.size() > n) {
                        best.remove(n);
                    }
                }
            }
            return best;
        }

        /** The name of the brand at {@code index} in {@link #of}'s pairs. */
        public String brand(double index) {
            return brands[(int) index];
        }
    }

    /** Rows user, brand, score of a user's strongest brands. */
    private static final class TopBrands implements FlatMapFunction<Row, Row>, Serializable {
        private static final long serialVersionUID = 1L;
        private final StrongestBrands strongest;

        TopBrands(StrongestBrands strongest) {
            this.strongest = strongest;
        }

        @Override
        public Iterator<Row> call(Row row) {
            List<double[]> best = strongest.of(AffinityModel.factors(row.getList(1)));
            List<Row> out = new ArrayList<>(best.size());
            for (double[] s : best) {
                out.add(RowFactory.create(row.getString(0), strongest.brand(s[1]), s[0]));
            }
            return out.iterator();
        }
    }
}
