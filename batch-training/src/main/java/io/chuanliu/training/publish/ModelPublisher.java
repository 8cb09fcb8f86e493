package io.chuanliu.training.publish;

import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.common.model.ModelFiles;
import io.chuanliu.common.model.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Verifies that a published model's directory is complete (a manifest whose gate passed, every
 * checksum matching) and returns the {@link ModelRef} that {@link ModelAnnouncer} sends. Sending the
 * same version twice is harmless: the key and value are the same, and the streaming job ignores a
 * version it already serves.
 */
public final class ModelPublisher {

    private final Configuration hadoop;

    public ModelPublisher(Configuration hadoop) {
        this.hadoop = hadoop;
    }

    /** Reads and checks a model directory; fails with what is wrong. */
    public ModelRef verify(String modelDirectory) throws IOException {
        Path dir = new Path(modelDirectory);
        FileSystem fs = dir.getFileSystem(hadoop);
        Path manifestPath = new Path(dir, ModelFiles.MANIFEST);
        if (!fs.exists(manifestPath)) {
            throw new IllegalStateException(
                    modelDirectory + " has no " + ModelFiles.MANIFEST + ": not a finished model");
        }
        ModelManifest manifest = EventJson.mapper().readValue(readAll(fs, manifestPath), ModelManifest.class);
        if (!manifest.gatePassed()) {
            throw new IllegalStateException(modelDirectory + " did not pass the publication gate");
        }
        Map<String, String> expected = manifest.checksums();
        Map<String, String> actual = ModelWriter.checksums(fs, dir);
        if (!expected.equals(actual)) {
            throw new IllegalStateException(
                    modelDirectory + " does not match its manifest's checksums: " + difference(expected, actual));
        }
        return new ModelRef(
                manifest.name(),
                manifest.version(),
                fs.makeQualified(dir).toUri().toString(),
                expected,
                System.currentTimeMillis());
    }

    private static String difference(Map<String, String> expected, Map<String, String> actual) {
        for (var e : expected.entrySet()) {
            if (!actual.containsKey(e.getKey())) {
                return e.getKey() + " is missing";
            }
            if (!actual.get(e.getKey()).equals(e.getValue())) {
                return e.getKey() + " has changed";
            }
        }
        return actual.keySet().stream()
                .filter(k -> !expected.containsKey(k))
                .findFirst()
                .map(k -> k + " is not in the manifest")
                .orElse("?");
    }

    private static String readAll(FileSystem fs, Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
