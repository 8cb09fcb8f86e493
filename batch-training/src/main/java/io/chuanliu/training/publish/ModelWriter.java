package io.chuanliu.training.publish;

import io.chuanliu.common.json.EventJson;
import io.chuanliu.common.model.Checksums;
import io.chuanliu.common.model.ModelFiles;
import io.chuanliu.common.model.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes a model directory through Hadoop's FileSystem, so the same code writes to a local disk,
 * HDFS or an object store.
 */
public final class ModelWriter {

    private final FileSystem fs;
    private final Path directory;

    public ModelWriter(Configuration hadoop, String directory) throws IOException {
        this.directory = new Path(directory);
        this.fs = this.directory.getFileSystem(hadoop);
    }

    public Path directory() {
        return fs.makeQualified(directory);
    }

    /** Versions are immutable once they have a manifest. */
    public void requireUnpublished() throws IOException {
        if (fs.exists(new Path(directory, ModelFiles.MANIFEST))) {
            throw new IllegalStateException("model " + directory() + " already has a manifest; choose a new --version");
        }
    }

    /** Removes what an earlier failed run of this version left behind. */
    public void clear() throws IOException {
        fs.delete(directory, true);
        fs.mkdirs(directory);
    }

    public void writeJsonLines(String relativePath, List<?> records) throws IOException {
        try (OutputStream out = fs.create(new Path(directory, relativePath), true)) {
            for (Object record : records) {
                out.write(EventJson.toBytes(record));
                out.write('\n');
            }
        }
    }

    public void writeJson(String relativePath, Object value) throws IOException {
        writeText(
                relativePath,
                EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
    }

    public void writeText(String relativePath, String text) throws IOException {
        try (OutputStream out = fs.create(new Path(directory, relativePath), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes a DataFrame as one CSV file with a header, named {@code relativePath}. */
    public void writeCsv(String relativePath, Dataset<Row> rows) throws IOException {
        Path tmp = new Path(directory, "_tmp_" + relativePath.replace('/', '_'));
        rows.coalesce(1).write().mode("overwrite").option("header", "true").csv(tmp.toString());
        FileStatus[] parts = fs.globStatus(new Path(tmp, "part-*"));
        Path target = new Path(directory, relativePath);
        fs.delete(target, false);
        if (parts == null || parts.length == 0) {
            writeText(relativePath, String.join(",", rows.columns()) + "\n");
        } else {
            fs.rename(parts[0].getPath(), target);
        }
        fs.delete(tmp, true);
    }

    /** SHA-256 of every file under the directory except the manifest and Hadoop's .crc files, by relative path. */
    public Map<String, String> checksums() throws IOException {
        return checksums(fs, directory);
    }

    static Map<String, String> checksums(FileSystem fs, Path directory) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        String root = fs.makeQualified(directory).toUri().getPath();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(directory, true);
        while (files.hasNext()) {
            LocatedFileStatus file = files.next();
            String relative = file.getPath().toUri().getPath().substring(root.length() + 1);
            String name = file.getPath().getName();
            if (relative.equals(ModelFiles.MANIFEST) || name.endsWith(".crc") || name.startsWith(".")) {
                continue;
            }
            sums.put(relative, sha256(fs, file.getPath()));
        }
        return sums;
    }

    static String sha256(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return Checksums.sha256(in);
        }
    }

    public void writeManifest(ModelManifest manifest) throws IOException {
        writeJson(ModelFiles.MANIFEST, manifest);
    }
}
