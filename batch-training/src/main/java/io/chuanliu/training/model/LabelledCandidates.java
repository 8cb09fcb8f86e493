package io.chuanliu.training.model;

import io.chuanliu.common.ranking.BrandSide;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One window's candidates of a user, labelled by what the user bought in the window, in the pass that builds them
 * ({@link UserCandidates#pool}): no join of the candidates with the purchases, nor with the brands seen.
 *
 * <p>Input rows: user, own, factors, seen (array of brand, or null: left out when seen brands do not count),
 * bought (array of brand). Output rows: {@link #SCHEMA}.
 */
final class LabelledCandidates implements FlatMapFunction<Row, Row>, Serializable {

    private static final long serialVersionUID = 1L;

    /** {@link UserCandidates#SCHEMA}, then {@code bought}: 1 for a brand bought in the window, else null. */
    static final StructType SCHEMA = UserCandidates.SCHEMA.add("bought", DataTypes.DoubleType, true);

    private final Broadcast<BrandSide> brands;
    private final int perSource;
    private final boolean excludeSeen;
    private final long asOf;

    LabelledCandidates(Broadcast<BrandSide> brands, int perSource, boolean excludeSeen, long asOf) {
        this.brands = brands;
        this.perSource = perSource;
        this.excludeSeen = excludeSeen;
        this.asOf = asOf;
    }

    @Override
    public Iterator<Row> call(Row row) {
        return labelled(
                        brands.value(),
                        perSource,
                        excludeSeen,
                        asOf,
                        row.getString(0),
                        row.isNullAt(1) ? List.of() : row.getList(1),
                        row.isNullAt(2) ? null : AffinityModel.factors(row.getList(2)),
                        row.isNullAt(3) ? List.of() : row.getList(3),
                        row.getList(4))
                .iterator();
    }

    /**
     * @param seen the brands the user touched before {@code asOf}: left out when seen brands do not count
     * @param bought the brands the user bought in the window
     * @return rows of {@link #SCHEMA}: {@link UserCandidates#candidates}' rows without the seen brands, labelled
     */
    static List<Row> labelled(
            BrandSide side,
            int perSource,
            boolean excludeSeen,
            long asOf,
            String user,
            List<Row> own,
            float[] factors,
            List<String> seen,
            List<String> bought) {
        UserCandidates.Pool pool = UserCandidates.pool(side, perSource, excludeSeen, asOf, user, own, factors);
        Set<Integer> kept = new TreeSet<>(pool.brands());
        if (excludeSeen) {
            kept.removeAll(UserCandidates.indices(side, seen));
        }
        Set<String> purchases = Set.copyOf(bought);
        List<Row> out = new ArrayList<>(kept.size());
        for (Row candidate : UserCandidates.rows(side, user, pool.features(), kept)) {
            Object[] values = new Object[SCHEMA.size()];
            for (int i = 0; i < candidate.size(); i++) {
                values[i] = candidate.get(i);
            }
            values[candidate.size()] = purchases.contains(candidate.getString(1)) ? 1.0 : null;
            out.add(RowFactory.create(values));
        }
        return out;
    }
}
