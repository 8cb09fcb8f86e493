package io.chuanliu.deploy.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.deploy.local.ChuanliuLocal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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
        assertThat(train.trainingArgs).containsExactlyElementsOf(settings);
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
