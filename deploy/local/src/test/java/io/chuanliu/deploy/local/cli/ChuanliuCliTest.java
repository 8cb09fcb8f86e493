package io.chuanliu.deploy.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.deploy.local.ChuanliuLocal;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ChuanliuCliTest {

    @Test
    void shouldPassEveryTrainingSettingThroughToTheTrainingJobTheModelsVersionIncluded() {
        CommandLine cli = new CommandLine(new ChuanliuLocal());

        CommandLine.ParseResult parsed = cli.parseArgs(
                "train",
                "--spark-cores",
                "4",
                "--input.format",
                "generic",
                "--input.path",
                "log.csv.gz",
                "--version",
                "v7",
                "--models",
                "/tmp/models");

        TrainCommand train = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(train.cores).isEqualTo(4);
        assertThat(train.trainingArgs)
                .containsExactly(
                        "--input.format",
                        "generic",
                        "--input.path",
                        "log.csv.gz",
                        "--version",
                        "v7",
                        "--models",
                        "/tmp/models");
    }

    @Test
    void shouldPassThePublishersSettingsThrough() {
        CommandLine.ParseResult parsed = new CommandLine(new ChuanliuLocal())
                .parseArgs("publish", "--model", "/m/v1", "--kafka.bootstrap-servers", "k:9092");

        PublishCommand publish = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(publish.publishArgs).containsExactly("--model", "/m/v1", "--kafka.bootstrap-servers", "k:9092");
    }

    @Test
    void shouldListTrainAndPublishBesideDemo() {
        assertThat(new CommandLine(new ChuanliuLocal()).getSubcommands()).containsKeys("demo", "train", "publish");
    }
}
