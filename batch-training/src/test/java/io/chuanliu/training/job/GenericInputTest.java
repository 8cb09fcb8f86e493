package io.chuanliu.training.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.training.evaluation.GateFailedException;
import io.chuanliu.training.input.InputConfig;
import io.chuanliu.training.input.InteractionReader;
import io.chuanliu.training.input.Interactions;
import io.chuanliu.training.input.RejectedInputException;
import io.chuanliu.training.testing.SparkTestSession;
import io.chuanliu.training.testing.TrainingTestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A platform's own log, as CSV with its own column names and a text time format, trains without
 * code changes: the columns are mapped by settings, bad rows go to the rejects with their reason.
 */
class GenericInputTest {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The generator's history rewritten as "customer_id;shop;action;price;happened_at" plus broken rows. */
    private static Path platformLog(int brokenRows) throws Exception {
        Path market = TrainingTestData.market(2_000);
        List<String> csv = new ArrayList<>();
        csv.add("customer_id;shop;action;price;happened_at");
        for (String table : List.of("expert_orders.jsonl", "engagements.jsonl")) {
            for (String line : Files.readAllLines(market.resolve("history").resolve(table))) {
                JsonNode e = EventJson.mapper().readTree(line);
                boolean order = e.has("order_id");
                String action = order
                        ? (e.path("refund").asBoolean() ? "refund" : "purchase")
                        : e.path("kind").asText();
                String price = order ? String.valueOf(e.path("amount_cents").asLong() / 100.0) : "";
                csv.add(String.join(
                        ";",
                        e.path("user").asText(),
                        e.path("brand").asText(),
                        action,
                        price,
                        TIME.format(Instant.ofEpochMilli(e.path("event_time").asLong()))));
            }
        }
        for (int i = 0; i < brokenRows; i++) {
            csv.add(
                    switch (i % 3) {
                        case 0 -> ";b0001;purchase;10;2026-10-10 10:00:00";
                        case 1 -> "u0000001;b0001;purchase;10;yesterday";
                        default -> "u0000001;b0001;purchase;-3;2026-10-10 10:00:00";
                    });
        }
        Path file = TrainingTestData.newDirectory("platform-log").resolve("log.csv");
        Files.write(file, csv);
        return file;
    }

    private static String[] mapped(Path log, Path models, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--input.format",
                "generic",
                "--input.path",
                log.toString(),
                "--input.file-format",
                "csv",
                "--input.csv.delimiter",
                ";",
                "--input.column.user",
                "customer_id",
                "--input.column.brand",
                "shop",
                "--input.column.kind",
                "action",
                "--input.column.amount",
                "price",
                "--input.column.time",
                "happened_at",
                "--input.time-format",
                "yyyy-MM-dd HH:mm:ss",
                "--split.date",
                "2026-10-22",
                "--models",
                models.toString(),
                "--version",
                "generic",
                "--als.alphas",
                "20"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void shouldTrainAMappedCsvEndToEndPrintTheTableAndRejectBadRows() throws Exception {
        Path models = TrainingTestData.newDirectory("generic-models");
        // A lift of 50% over own history is out of reach: the run evaluates fully, then the gate refuses.
        TrainingConfig config = TrainingConfig.fromArgs(mapped(platformLog(30), models, "--gate.min-lift", "0.5"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> new TrainingJob(SparkTestSession.get(), config).run())
                    .isInstanceOf(GateFailedException.class)
                    .hasMessageContaining("not published")
                    .hasMessageContaining("+50.0% at the 95% interval's lower bound required");
        } finally {
            System.setOut(original);
        }

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("method", "NDCG@k", "model", "own_history", "popularity", "30 rows rejected");
        Path model = models.resolve("generic");
        assertThat(model.resolve("manifest.json")).doesNotExist();
        JsonNode evaluation =
                EventJson.mapper().readTree(model.resolve("evaluation.json").toFile());
        assertThat(evaluation.path("split_time").asText()).isEqualTo("2026-10-22T00:00:00Z");
        assertThat(evaluation.path("methods").path("model").path("ndcg").asDouble())
                .isGreaterThan(0.3);
        List<String> rejects = new ArrayList<>();
        try (var parts = Files.list(models.resolve("_rejects/generic"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList()) {
                rejects.addAll(Files.readAllLines(part));
            }
        }
        assertThat(rejects).hasSize(30);
        assertThat(String.join("\n", rejects))
                .contains("missing user", "unparseable time 'yesterday'", "negative amount");
    }

    @Test
    void shouldFailWhenTooManyRowsAreInvalidAndSaySo() throws Exception {
        Path log = TrainingTestData.newDirectory("bad-log").resolve("log.csv");
        Files.write(
                log,
                List.of(
                        "customer_id;shop;action;price;happened_at",
                        "u1;b1;purchase;10;2026-10-10 10:00:00",
                        "u2;b1;purchase;10;not a time",
                        ";b2;view;;2026-10-10 11:00:00"));

        assertThatThrownBy(() -> new TrainingJob(
                                SparkTestSession.get(),
                                TrainingConfig.fromArgs(mapped(log, TrainingTestData.newDirectory("models"))))
                        .run())
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("2 of 3 input rows (66.67%) are invalid")
                .hasMessageContaining("input.max-rejected-fraction");
    }

    /** A public log as it is usually published: tab-separated, no header, no kind column (every row a purchase). */
    @Test
    void shouldReadAHeaderlessLogWithOneKindForEveryRow() throws Exception {
        Path log = TrainingTestData.newDirectory("headerless").resolve("u.data");
        Files.write(log, List.of("196\t242\t3\t881250949", "186\t302\t3\t891717742", "22\t377\t1\t878887116"));
        InputConfig input = InputConfig.from(io.chuanliu.common.config.Settings.fromArgs(
                "--input.format",
                "generic",
                "--input.path",
                log.toString(),
                "--input.csv.delimiter",
                "\\t",
                "--input.csv.header",
                "false",
                "--input.column.user",
                "_c0",
                "--input.column.brand",
                "_c1",
                "--input.column.time",
                "_c3",
                "--input.time-format",
                "epoch_s",
                "--input.kind",
                "purchase"));

        Interactions.Split split = new InteractionReader(SparkTestSession.get(), input).read();

        assertThat(split.rejects().count()).isZero();
        List<org.apache.spark.sql.Row> rows = split.valid().orderBy("time").collectAsList();
        assertThat(rows).extracting(r -> r.getString(0)).containsExactly("22", "196", "186");
        assertThat(rows).extracting(r -> r.getAs("kind")).containsOnly("order");
        assertThat(rows.get(0).<Long>getAs("time")).isEqualTo(878_887_116_000L);
    }

    @Test
    void shouldNameAColumnMappingThatMatchesNothing() throws Exception {
        Path log = TrainingTestData.newDirectory("log").resolve("log.csv");
        Files.write(log, List.of("customer_id;shop;action;price;happened_at", "u1;b1;purchase;10;2026-10-10 10:00:00"));

        assertThatThrownBy(() -> new TrainingJob(
                                SparkTestSession.get(),
                                TrainingConfig.fromArgs(mapped(
                                        log,
                                        TrainingTestData.newDirectory("models"),
                                        "--input.column.brand",
                                        "merchant")))
                        .run())
                .hasMessageContaining("lacks columns [merchant]")
                .hasMessageContaining("customer_id");
    }

    @Test
    void shouldSayWhichInputPathMatchesNoFileInsteadOfSparksStackTrace() throws Exception {
        Path missing = TrainingTestData.newDirectory("log").resolve("no-such-log.csv.gz");

        assertThatThrownBy(() -> new TrainingJob(
                                SparkTestSession.get(),
                                TrainingConfig.fromArgs(mapped(missing, TrainingTestData.newDirectory("models"))))
                        .run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input.path " + missing + " matches no file");
        assertThatThrownBy(() -> new TrainingJob(
                                SparkTestSession.get(),
                                TrainingConfig.fromArgs(
                                        "--history",
                                        missing.getParent().toString(),
                                        "--models",
                                        TrainingTestData.newDirectory("models").toString()))
                        .run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds neither expert_orders.parquet nor expert_orders.jsonl");
    }
}
