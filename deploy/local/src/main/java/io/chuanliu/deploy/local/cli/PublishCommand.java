package io.chuanliu.deploy.local.cli;

import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.stack.LocalSparkTraining;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/** {@code ./chuanliu publish}: verify a trained model and announce it on model-updates. */
@Command(
        name = "publish",
        description = {
            "Verify a trained model (manifest, gate, every checksum) and announce it on "
                    + "model-updates: --model <dir> --kafka.bootstrap-servers <host:port> [--topic <name>] "
                    + "[--kafka.client-properties-file <file>] [--kafka.client.<key> <value>] (any Kafka client setting, e.g. SASL).",
            "Exit code: 0 announced, 2 a model that must not be served or bad settings."
        })
public final class PublishCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Unmatched
    List<String> publishArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Layout layout = Layout.fromSystemProperty();
        return new LocalSparkTraining(layout, layout.workDir(null, "publish")).publishOnConsole(publishArgs);
    }
}
