package io.chuanliu.stream.model;

import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.model.ModelFiles;
import io.chuanliu.common.model.UserStoreLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileSystem;

/**
 * Copies a model that lies on a remote file system ({@code hdfs:}, {@code s3:}, {@code s3a:}, any
 * scheme the TaskManager's Flink file systems serve) to this subtask's local disk, because RocksDB
 * opens only local files. It copies only what the subtask serves from: the manifest, the brand side,
 * the user-store layout, and the shards of its own key groups. It does not trust the copy: the
 * {@link ModelLoader} checks every copied file against the manifest's SHA-256 before anything is served.
 *
 * <p>Each subtask attempt copies under a directory of its own, {@code home}. A copy that is no longer
 * served is deleted ({@link #keepOnly}); closing the fetcher deletes {@code home}. No checkpoint needs a
 * local copy: the broadcast state keeps the announced URI, and a restored subtask fetches it again.
 */
public final class ModelFetcher implements AutoCloseable {

    private final Path home;

    /** @param home a directory this subtask attempt alone writes to; created on the first fetch */
    public ModelFetcher(Path home) {
        this.home = home;
    }

    /**
     * The fetcher of one subtask attempt, under {@code cacheRoot/<job>-<subtask>-<attempt>}; the homes
     * earlier attempts of the same subtask left behind (a failover that did not close them) are deleted.
     */
    public static ModelFetcher forSubtask(Path cacheRoot, String job, int subtask, int attempt) {
        String mine = job + "-" + subtask + "-";
        if (Files.isDirectory(cacheRoot)) {
            try (Stream<Path> homes = Files.list(cacheRoot)) {
                for (Path stale : (Iterable<Path>)
                        homes.filter(h -> isEarlierAttempt(h.getFileName().toString(), mine, attempt))::iterator) {
                    deleteRecursively(stale);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot clean earlier model copies in " + cacheRoot + " (model.cache-dir)", e);
            }
        }
        return new ModelFetcher(cacheRoot.resolve(mine + attempt));
    }

    private static boolean isEarlierAttempt(String name, String prefix, int attempt) {
        if (!name.startsWith(prefix)) {
            return false;
        }
        try {
            return Integer.parseInt(name.substring(prefix.length())) < attempt;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether a model at {@code uri} is fetched before loading: any URI with a scheme other than {@code file}. */
    public static boolean isRemote(URI uri) {
        return uri.getScheme() != null && !uri.getScheme().equals("file");
    }

    public Path home() {
        return home;
    }

    /**
     * Copies the manifest, brand side and user-store layout of the model at {@code source} into a fresh
     * local directory for its version, and returns that directory.
     */
    Path fetchHead(ModelRef ref, URI source) throws ModelRejectedException {
        Path local = home.resolve(localName(ref.version()));
        try {
            deleteRecursively(local);
            Files.createDirectories(local);
        } catch (IOException | UncheckedIOException e) {
            throw ModelRejectedException.of(
                    ref, "cannot prepare the local copy " + local + " (model.cache-dir): " + e, e);
        }
        for (String file : List.of(ModelFiles.MANIFEST, ModelFiles.BRAND_FACTORS, ModelFiles.USER_STORE_LAYOUT)) {
            copy(ref, source, local, file);
        }
        return local;
    }

    /** Copies every file the manifest lists under each of {@code shards} into {@code local}. */
    void fetchShards(
            ModelRef ref, URI source, Path local, Map<String, String> checksums, List<UserStoreLayout.Shard> shards)
            throws ModelRejectedException {
        for (UserStoreLayout.Shard shard : shards) {
            String prefix = shard.path() + "/";
            List<String> files = checksums.keySet().stream()
                    .filter(f -> f.startsWith(prefix))
                    .sorted()
                    .toList();
            if (files.isEmpty()) {
                throw ModelRejectedException.of(ref, "its manifest lists no files of shard " + shard.path(), null);
            }
            for (String file : files) {
                copy(ref, source, local, file);
            }
        }
    }

    private static void copy(ModelRef ref, URI source, Path local, String relative) throws ModelRejectedException {
        URI from = child(source, relative);
        Path to = local.resolve(relative).normalize();
        if (!to.startsWith(local)) {
            throw ModelRejectedException.of(
                    ref, "its manifest names a file outside the model directory: " + relative, null);
        }
        org.apache.flink.core.fs.Path remote = new org.apache.flink.core.fs.Path(from);
        try {
            FileSystem fs = remote.getFileSystem();
            Files.createDirectories(to.getParent());
            Path partial = to.resolveSibling(to.getFileName() + ".partial");
            try (InputStream in = fs.open(remote);
                    OutputStream out = Files.newOutputStream(partial)) {
                in.transferTo(out);
            }
            Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            throw ModelRejectedException.of(ref, "cannot copy " + from + " to this TaskManager: " + e, e);
        }
    }

    private static URI child(URI directory, String relative) {
        String base = directory.toString();
        return URI.create(base.endsWith("/") ? base + relative : base + "/" + relative);
    }

    /** Deletes every local copy but {@code served} (null: all of them). */
    public void keepOnly(Path served) {
        if (!Files.isDirectory(home)) {
            return;
        }
        try (Stream<Path> copies = Files.list(home)) {
            for (Path copy : (Iterable<Path>) copies::iterator) {
                if (served == null || !copy.equals(served)) {
                    deleteRecursively(copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the local model copies in " + home, e);
        }
    }

    /** Deletes {@code home} with every copy in it. */
    @Override
    public void close() {
        try {
            deleteRecursively(home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the local model copies in " + home, e);
        }
    }

    /** A directory name for a version: its safe characters, and a hash when any were replaced (two versions never share one). */
    static String localName(String version) {
        String safe = version.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.equals(version) && !safe.startsWith(".")) {
            return safe;
        }
        return safe.replace('.', '_') + "-" + Integer.toHexString(version.hashCode());
    }

    private static void deleteRecursively(Path path) throws IOException {
        org.apache.flink.util.FileUtils.deleteDirectory(path.toFile());
    }
}
