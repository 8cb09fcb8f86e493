package io.chuanliu.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static final Setting<String> BOOTSTRAP = Setting.string("kafka.bootstrap", null, "Kafka bootstrap servers");
    private static final Setting<Duration> WINDOW =
            Setting.duration("eligibility.window", Duration.ofDays(7), "how long");
    private static final Setting<Integer> PARALLELISM = Setting.positiveInt("parallelism", 2, "subtasks");
    private static final Setting<Double> HOLDOUT = Setting.fraction("holdout.fraction", 0.1, "share never routed");

    @Test
    void shouldReadTypedValuesAndFallBackToDefaults() {
        Settings settings = Settings.fromArgs("--kafka.bootstrap", "localhost:9092", "--eligibility.window=30m");

        assertThat(settings.get(BOOTSTRAP)).isEqualTo("localhost:9092");
        assertThat(settings.get(WINDOW)).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.get(PARALLELISM)).isEqualTo(2);
        assertThat(settings.get(HOLDOUT)).isEqualTo(0.1);
    }

    @Test
    void shouldReadATabSeparatorTypedAsBackslashTOrAsATab() {
        Setting<String> separator = Setting.separator("input.csv.delimiter", ",", "field separator");

        assertThat(Settings.fromArgs("--input.csv.delimiter", "\\t").get(separator))
                .isEqualTo("\t");
        assertThat(Settings.fromArgs("--input.csv.delimiter", "\t").get(separator))
                .isEqualTo("\t");
        assertThat(Settings.fromArgs("--input.csv.delimiter", ";").get(separator))
                .isEqualTo(";");
        assertThat(Settings.fromArgs().get(separator)).isEqualTo(",");
    }

    @Test
    void shouldNameAMissingRequiredKey() {
        assertThatThrownBy(() -> Settings.fromArgs().get(BOOTSTRAP))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage(
                        "setting 'kafka.bootstrap': required (Kafka bootstrap servers); expected a non-empty string");
    }

    @Test
    void shouldSayWhatAnIllFormedValueShouldLookLike() {
        assertThatThrownBy(() ->
                        Settings.fromArgs("--eligibility.window", "7 days").get(WINDOW))
                .hasMessageContaining("'eligibility.window'")
                .hasMessageContaining("such as 500ms, 30s");
        assertThatThrownBy(() -> Settings.fromArgs("--parallelism", "0").get(PARALLELISM))
                .hasMessage("setting 'parallelism': expected a positive integer, got '0'");
        assertThatThrownBy(() -> Settings.fromArgs("--holdout.fraction", "1.5").get(HOLDOUT))
                .hasMessageContaining("a number in 0..1");
    }

    @Test
    void shouldRejectAnUnknownKeyToCatchTypos() {
        Settings settings = Settings.fromArgs("--kafka.bootstrapp", "x");

        assertThatThrownBy(() -> settings.requireOnly(List.of(BOOTSTRAP, WINDOW)))
                .hasMessageStartingWith("setting 'kafka.bootstrapp': unknown setting");
    }

    @Test
    void shouldReadListsAndChoices() {
        Setting<java.util.List<String>> ranks = Setting.list("als.ranks", List.of("16"), "ranks to try");
        Setting<String> format = Setting.oneOf("input.file-format", "csv", "file format", "csv", "jsonl", "parquet");
        Settings settings = Settings.fromArgs("--als.ranks", "16, 32", "--input.file-format", "parquet");

        assertThat(settings.get(ranks)).containsExactly("16", "32");
        assertThat(settings.get(format)).isEqualTo("parquet");
        assertThatThrownBy(() -> Settings.fromArgs("--input.file-format", "xls").get(format))
                .hasMessage("setting 'input.file-format': expected one of csv, jsonl, parquet, got 'xls'");
        assertThatThrownBy(() -> Settings.fromArgs("--als.ranks", "16,,32").get(ranks))
                .hasMessageContaining("comma-separated list");
    }

    @Test
    void shouldRejectAKeyWithoutAValue() {
        assertThatThrownBy(() -> Settings.fromArgs("--kafka.bootstrap"))
                .hasMessage("setting 'kafka.bootstrap': no value given");
    }
}
