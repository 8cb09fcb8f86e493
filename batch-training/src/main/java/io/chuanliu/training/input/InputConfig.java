package io.chuanliu.training.input;

import io.chuanliu.common.config.Setting;
import io.chuanliu.common.config.Settings;
import java.io.Serializable;
import java.util.List;

/**
 * Where the interactions come from. {@code chuanliu}: the history tables the generator (or a
 * platform's export in the same schema) writes. {@code generic}: any table with a user, a brand, an
 * event kind and a time per row, mapped by column name; see batch-training/README.md.
 */
public record InputConfig(
        String format,
        String history,
        String path,
        String fileFormat,
        String csvDelimiter,
        boolean csvHeader,
        String userColumn,
        String brandColumn,
        String kindColumn,
        String constantKind,
        String timeColumn,
        String amountColumn,
        String weightColumn,
        String expertColumn,
        String timeFormat,
        List<String> purchaseKinds,
        double maxRejectedFraction)
        implements Serializable {

    public static final Setting<String> FORMAT = Setting.oneOf(
            "input.format",
            "chuanliu",
            "chuanliu (expert_orders + engagements tables) or generic (one mapped table)",
            "chuanliu",
            "generic");
    public static final Setting<String> HISTORY = Setting.string(
            "history", "", "for input.format chuanliu: directory with expert_orders.parquet and engagements.parquet");
    public static final Setting<String> PATH =
            Setting.string("input.path", "", "for input.format generic: file or directory to read");
    public static final Setting<String> FILE_FORMAT =
            Setting.oneOf("input.file-format", "csv", "for generic input", "csv", "jsonl", "parquet");
    public static final Setting<String> CSV_DELIMITER =
            Setting.separator("input.csv.delimiter", ",", "CSV field separator (\\t for a tab)");
    public static final Setting<String> CSV_HEADER = Setting.oneOf(
            "input.csv.header",
            "true",
            "whether the first CSV line names the columns; without one they are _c0, _c1, ...",
            "true",
            "false");
    public static final Setting<String> USER =
            Setting.string("input.column.user", "user", "column holding the user id");
    public static final Setting<String> BRAND =
            Setting.string("input.column.brand", "brand", "column holding the brand (or seller, shop, merchant)");
    public static final Setting<String> KIND =
            Setting.string("input.column.kind", "kind", "column holding the event kind");
    public static final Setting<String> CONSTANT_KIND = Setting.string(
            "input.kind",
            "",
            "one kind for every row (e.g. purchase) when the table has no kind column; input.column.kind is then not read");
    public static final Setting<String> TIME =
            Setting.string("input.column.time", "time", "column holding the event time");
    public static final Setting<String> AMOUNT =
            Setting.string("input.column.amount", "", "optional column holding the paid amount (yuan)");
    public static final Setting<String> WEIGHT =
            Setting.string("input.column.weight", "", "optional column holding an explicit weight");
    public static final Setting<String> EXPERT =
            Setting.string("input.column.expert", "", "optional column holding the expert");
    public static final Setting<String> TIME_FORMAT = Setting.string(
            "input.time-format",
            "epoch_ms",
            "epoch_ms, epoch_s, or a Spark datetime pattern such as yyyy-MM-dd HH:mm:ss");
    public static final Setting<List<String>> PURCHASE_KINDS = Setting.list(
            "input.purchase-kinds",
            List.of("purchase", "order", "buy"),
            "kind values that mean a purchase; cart, like and view are engagements");
    public static final Setting<Double> MAX_REJECTED = Setting.fraction(
            "input.max-rejected-fraction", 0.01, "the run fails when a larger share of input rows is invalid");

    public static final List<Setting<?>> SETTINGS = List.of(
            FORMAT,
            HISTORY,
            PATH,
            FILE_FORMAT,
            CSV_DELIMITER,
            CSV_HEADER,
            USER,
            BRAND,
            KIND,
            CONSTANT_KIND,
            TIME,
            AMOUNT,
            WEIGHT,
            EXPERT,
            TIME_FORMAT,
            PURCHASE_KINDS,
            MAX_REJECTED);

    public static InputConfig from(Settings s) {
        InputConfig c = new InputConfig(
                s.get(FORMAT),
                s.get(HISTORY),
                s.get(PATH),
                s.get(FILE_FORMAT),
                s.get(CSV_DELIMITER),
                Boolean.parseBoolean(s.get(CSV_HEADER)),
                s.get(USER),
                s.get(BRAND),
                s.get(KIND),
                s.get(CONSTANT_KIND),
                s.get(TIME),
                s.get(AMOUNT),
                s.get(WEIGHT),
                s.get(EXPERT),
                s.get(TIME_FORMAT),
                s.get(PURCHASE_KINDS),
                s.get(MAX_REJECTED));
        if (c.format.equals("chuanliu") && c.history.isEmpty()) {
            throw new io.chuanliu.common.config.InvalidSettingException(
                    HISTORY.key(), "required with input.format chuanliu");
        }
        if (c.format.equals("generic") && c.path.isEmpty()) {
            throw new io.chuanliu.common.config.InvalidSettingException(
                    PATH.key(), "required with input.format generic");
        }
        return c;
    }
}
