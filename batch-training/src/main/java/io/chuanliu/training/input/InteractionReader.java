package io.chuanliu.training.input;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.unix_millis;

import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/** Reads interactions in either input format into the canonical table, with rejects kept aside. */
public final class InteractionReader {

    private static final List<String> REFUND_KINDS = List.of("refund", "return");

    private final SparkSession spark;
    private final InputConfig config;

    public InteractionReader(SparkSession spark, InputConfig config) {
        this.spark = spark;
        this.config = config;
    }

    public Interactions.Split read() {
        return config.format().equals("generic") ? readGeneric() : readChuanliu();
    }

    private Interactions.Split readChuanliu() {
        Dataset<Row> orders = table("expert_orders", List.of("user", "brand", "amount_cents", "event_time", "refund"));
        Dataset<Row> engagements = table("engagements", List.of("user", "brand", "kind", "event_time"));
        Dataset<Row> rawOrders = orders.select(
                col("user").cast("string"),
                col("brand").cast("string"),
                optional(orders, "expert").cast("string").alias("expert"),
                lit("order").alias("kind"),
                col("amount_cents").cast("double").divide(100.0).alias("amount"),
                col("refund").cast("boolean").alias("refund"),
                lit(null).cast("double").alias("weight"),
                col("event_time").cast("long").alias("time"),
                col("event_time").cast("string").alias("raw_time"),
                to_json(struct(col("*"))).alias("raw"));
        Dataset<Row> rawEngagements = engagements.select(
                col("user").cast("string"),
                col("brand").cast("string"),
                optional(engagements, "expert").cast("string").alias("expert"),
                Interactions.normaliseKind(col("kind"), List.of(), List.of()).alias("kind"),
                lit(0.0).alias("amount"),
                lit(false).alias("refund"),
                lit(null).cast("double").alias("weight"),
                col("event_time").cast("long").alias("time"),
                col("event_time").cast("string").alias("raw_time"),
                to_json(struct(col("*"))).alias("raw"));
        return Interactions.validate(rawOrders.unionByName(rawEngagements));
    }

    /** The table as Parquet if present, else as JSON lines; fails naming missing columns. */
    private Dataset<Row> table(String name, List<String> required) {
        String base = config.history() + "/" + name;
        boolean parquet = matchesAnything(base + ".parquet");
        if (!parquet && !matchesAnything(base + ".jsonl")) {
            throw new IllegalArgumentException("history " + config.history() + " holds neither " + name
                    + ".parquet nor " + name + ".jsonl (set --history to the generator's history directory, or read "
                    + "another log with --input.format generic --input.path ...)");
        }
        Dataset<Row> df =
                parquet ? spark.read().parquet(base + ".parquet") : spark.read().json(base + ".jsonl");
        requireColumns(df, required, base);
        return df;
    }

    private Interactions.Split readGeneric() {
        if (!matchesAnything(config.path())) {
            throw new IllegalArgumentException("input.path " + config.path() + " matches no file (relative paths are "
                    + "from " + java.nio.file.Path.of(".").toAbsolutePath().normalize()
                    + "; a directory or a glob also works)");
        }
        Dataset<Row> df = switch (config.fileFormat()) {
            case "parquet" -> spark.read().parquet(config.path());
            case "jsonl" -> spark.read().json(config.path());
            default ->
                spark.read()
                        .option("header", String.valueOf(config.csvHeader()))
                        .option("sep", config.csvDelimiter())
                        .option("inferSchema", "false")
                        .csv(config.path());
        };
        boolean kindPerRow = config.constantKind().isEmpty();
        requireColumns(
                df,
                kindPerRow
                        ? List.of(config.userColumn(), config.brandColumn(), config.kindColumn(), config.timeColumn())
                        : List.of(config.userColumn(), config.brandColumn(), config.timeColumn()),
                config.path());
        for (String optional : List.of(config.amountColumn(), config.weightColumn(), config.expertColumn())) {
            if (!optional.isEmpty()) {
                requireColumns(df, List.of(optional), config.path());
            }
        }
        Column kindText = kindPerRow ? df.col(config.kindColumn()).cast("string") : lit(config.constantKind());
        Column amount = config.amountColumn().isEmpty()
                ? lit(0.0)
                : df.col(config.amountColumn()).try_cast(DataTypes.DoubleType);
        Column weight = config.weightColumn().isEmpty()
                ? lit(null).cast("double")
                : df.col(config.weightColumn()).try_cast(DataTypes.DoubleType);
        Column expert = config.expertColumn().isEmpty()
                ? lit(null).cast("string")
                : df.col(config.expertColumn()).cast("string");
        Dataset<Row> raw = df.select(
                df.col(config.userColumn()).cast("string").alias("user"),
                df.col(config.brandColumn()).cast("string").alias("brand"),
                expert.alias("expert"),
                Interactions.normaliseKind(kindText, config.purchaseKinds(), REFUND_KINDS)
                        .alias("kind"),
                org.apache.spark.sql.functions.coalesce(amount, lit(0.0)).alias("amount"),
                org.apache
                        .spark
                        .sql
                        .functions
                        .lower(kindText)
                        .isin(REFUND_KINDS.toArray())
                        .alias("refund"),
                weight.alias("weight"),
                parseTime(df.col(config.timeColumn())).alias("time"),
                df.col(config.timeColumn()).cast("string").alias("raw_time"),
                to_json(struct(col("*"))).alias("raw"));
        return Interactions.validate(
                raw.withColumn("refund", org.apache.spark.sql.functions.coalesce(col("refund"), lit(false))));
    }

    private Column parseTime(Column time) {
        return switch (config.timeFormat()) {
            case "epoch_ms" -> time.try_cast(DataTypes.LongType);
            case "epoch_s" -> time.try_cast(DataTypes.DoubleType).multiply(1000).cast(DataTypes.LongType);
            default -> unix_millis(try_to_timestamp(time.cast("string"), lit(config.timeFormat())));
        };
    }

    private static Column optional(Dataset<Row> df, String column) {
        return Arrays.asList(df.columns()).contains(column) ? df.col(column) : lit(null);
    }

    private static void requireColumns(Dataset<Row> df, List<String> required, String where) {
        List<String> missing = required.stream()
                .filter(c -> !Arrays.asList(df.columns()).contains(c))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(where + " lacks columns " + missing + "; it has "
                    + Arrays.toString(df.columns()) + " (map them with input.column.*)");
        }
    }

    /** True when the path, a directory or a glob, names at least one file or directory. */
    private boolean matchesAnything(String path) {
        try {
            Path p = new Path(path);
            org.apache.hadoop.fs.FileStatus[] found =
                    p.getFileSystem(spark.sparkContext().hadoopConfiguration()).globStatus(p);
            return found != null && found.length > 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
