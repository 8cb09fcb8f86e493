package io.chuanliu.training.testing;

import io.chuanliu.generator.MarketGenerator;
import io.chuanliu.generator.market.MarketConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** Generated markets shared by the training tests, each generated once per test JVM. */
public final class TrainingTestData {

    private static final Path ROOT = createRoot();

    private TrainingTestData() {}

    /** A market of {@code users} users with seed 11: history, planted truth, live day. */
    public static synchronized Path market(int users) throws Exception {
        Path dir = ROOT.resolve("market-" + users);
        if (!Files.exists(dir.resolve("summary.json"))) {
            new MarketGenerator(MarketConfig.small(11).withUsers(users), false).generate(dir);
        }
        return dir;
    }

    public static Path newDirectory(String name) throws Exception {
        return Files.createTempDirectory(ROOT, name);
    }

    private static Path createRoot() {
        try {
            Path root = Files.createTempDirectory("chuanliu-training-tests");
            root.toFile().deleteOnExit();
            return root;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
