package io.chuanliu.training.publish;

import io.chuanliu.common.json.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Writes a model directory through Hadoop's FileSystem, so the same code writes to a local disk,
 * HDFS or an object store. The manifest is written last: a directory without one is incomplete.
 */
public final class ModelWriter {

    public static final String MANIFEST = "manifest.json";

    private final FileSystem fs;
    private final Path directory;

    public ModelWriter(Configuration hadoop, String directory) throws IOException {
        this.directory = new Path(directory);
        this.fs = this.directory.getFileSystem(hadoop);
    }

    public Path directory() {
        return fs.makeQualified(directory);
    }

    /** Refuses to overwrite a published version: versions are immutable once they have a manifest. */
    public void requireUnpublished() throws IOException {
        if (fs.exists(new Path(directory, MANIFEST))) {
            throw new IllegalStateException("model " + directory() + " already has a manifest; choose a new --version");
        }
    }

    /** Writes one line per element, as JSON. */
    public void writeJsonLines(String relativePath, List<?> records) throws IOException {
        try (OutputStream out = fs.create(new Path(directory, relativePath), true)) {
            for (Object record : records) {
                out.write(EventJson.toBytes(record));
                out.write('\n');
            }
        }
    }

    /** SHA-256 of every file under the directory except the manifest, by relative path. */
    public Map<String, String> checksums() throws IOException {
        Map<String, String> sums = new TreeMap<>();
        String root = directory().toUri().getPath();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(directory, true);
        while (files.hasNext()) {
            LocatedFileStatus file = files.next();
            String relative = file.getPath().toUri().getPath().substring(root.length() + 1);
            if (relative.equals(MANIFEST) || relative.endsWith(".crc") || relative.contains("/.")) {
                continue;
            }
            sums.put(relative, sha256(file.getPath()));
        }
        return sums;
    }

    private String sha256(Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public void writeManifest(ModelManifest manifest) throws IOException {
        try (OutputStream out = fs.create(new Path(directory, MANIFEST), true)) {
            out.write(EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(manifest)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }
}
