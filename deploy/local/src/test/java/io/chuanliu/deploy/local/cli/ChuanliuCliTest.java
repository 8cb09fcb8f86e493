package io.chuanliu.deploy.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.deploy.local.ChuanliuLocal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChuanliuCliTest {

    @Test
    void shouldPassEveryTrainingSettingThroughToTheTrainingJobTheModelsVersionIncluded() {
        CommandLine cli = new CommandLine(new ChuanliuLocal());

        List<String> settings = List.of(
                "--input.format",
                "generic",
                "--input.path",
                "log.csv.gz",
                "--version",
                "v7",
                "--models",
                "/tmp/models");
        List<String> args = new ArrayList<>(List.of("train", "--spark-cores", "4"));
        args.addAll(settings);

        CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));

        TrainCommand train = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(train.cores).isEqualTo(4);
        assertThat(train.classArchive).isTrue();
        assertThat(train.trainingArgs).containsExactlyElementsOf(settings);
    }

    @Test
    void shouldTrainWithoutAClassArchiveWhenToldSo() {
        CommandLine.ParseResult parsed =
                new CommandLine(new ChuanliuLocal()).parseArgs("train", "--class-archive", "false", "--version", "v8");

        TrainCommand train = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(train.classArchive).isFalse();
        assertThat(train.trainingArgs).containsExactly("--version", "v8");
    }

    @Test
    void shouldPassThePublishersSettingsThrough() {
        CommandLine.ParseResult parsed = new CommandLine(new ChuanliuLocal())
                .parseArgs("publish", "--model", "/m/v1", "--kafka.bootstrap-servers", "k:9092");

        PublishCommand publish = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(publish.publishArgs).containsExactly("--model", "/m/v1", "--kafka.bootstrap-servers", "k:9092");
    }

    @Test
    void shouldPassTheJobSettingsOfSubmitAndUpgradeThroughAndKeepTheirOwnOptions() {
        for (String verb : List.of("submit", "upgrade")) {
            CommandLine.ParseResult parsed = new CommandLine(new ChuanliuLocal())
                    .parseArgs(
                            verb,
                            "--flink-url",
                            "http://jm:8081",
                            "--parallelism",
                            "3",
                            "--kafka.bootstrap-servers",
                            "k:9092",
                            "--timeout",
                            "PT1M");

            JobStartingCommand command =
                    parsed.subcommand().commandSpec().commandLine().getCommand();
            assertThat(command.jobArgs).as(verb).containsExactly("--kafka.bootstrap-servers", "k:9092");
            assertThat(command.job.parallelism).as(verb).isEqualTo(3);
            assertThat(command.target.url).as(verb).isEqualTo("http://jm:8081");
        }
    }

    @Test
    void shouldListTrainAndPublishBesideDemo() {
        assertThat(new CommandLine(new ChuanliuLocal()).getSubcommands()).containsKeys("demo", "train", "publish");
    }

    @Test
    void shouldGenerateASyntheticMarketWithTheMarketVerb(@TempDir Path dir) throws Exception {
        Path market = dir.resolve("market");

        int exit = ChuanliuLocal.commandLine()
                .execute("market", "generate", "--out", market.toString(), "--users", "200", "--brands", "8");

        assertThat(exit).isZero();
        assertThat(market.resolve("summary.json")).isRegularFile();
        assertThat(Files.readAllLines(market.resolve("truth/planted_preferences.csv")))
                .hasSizeGreaterThan(200)
                .allSatisfy(line -> assertThat(line.split(",")).hasSize(4));
        assertThat(ChuanliuLocal.commandLine().execute("market", "generate", "--users", "200"))
                .as("--out is required: a usage mistake")
                .isEqualTo(2);
    }
}
