package io.chuanliu.stream.model;

import io.chuanliu.common.events.ModelRef;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The directory every model must lie under ({@code model.root}): a local path, or a URI such as
 * {@code s3a://bucket/models}; none means anywhere. Whoever can write to model-updates cannot point
 * the job at any other directory or bucket.
 */
final class ModelRoot {

    private final String root;

    /** @param root a local path or a URI; null or blank for anywhere */
    ModelRoot(String root) {
        this.root = root == null || root.isBlank() ? null : root;
    }

    /** A local model directory, resolved to its real path, if it lies under the root. */
    Path confine(Path dir, ModelRef ref) throws ModelRejectedException {
        if (root == null) {
            return dir;
        }
        URI rootUri = rootUri();
        if (ModelFetcher.isRemote(rootUri)) {
            throw ModelRejectedException.of(ref, dir + " is outside the model root " + root + " (model.root)");
        }
        try {
            Path real = dir.toRealPath();
            if (!real.startsWith(localPath(rootUri).toRealPath())) {
                throw ModelRejectedException.of(ref, dir + " is outside the model root " + root + " (model.root)");
            }
            return real;
        } catch (IOException e) {
            throw ModelRejectedException.of(ref, "cannot resolve " + dir + " or the model root " + root + ": " + e, e);
        }
    }

    /**
     * A remote model's URI if it lies under the model root: same scheme and authority, and a path
     * under the root's that does not climb out of it.
     */
    URI confineRemote(URI uri, ModelRef ref) throws ModelRejectedException {
        URI normal = uri.normalize();
        String path = normal.getPath() == null ? "" : normal.getPath();
        if (path.equals("..") || path.startsWith("../") || path.contains("/../") || path.endsWith("/..")) {
            throw ModelRejectedException.of(ref, uri + " climbs out of its directory");
        }
        if (root == null) {
            return normal;
        }
        URI rootUri = rootUri().normalize();
        String rootPath = rootUri.getPath() == null ? "" : rootUri.getPath().replaceAll("/+$", "");
        boolean inside = rootUri.getScheme() != null
                && rootUri.getScheme().equalsIgnoreCase(normal.getScheme())
                && Objects.equals(rootUri.getAuthority(), normal.getAuthority())
                && (path.equals(rootPath) || path.startsWith(rootPath + "/"));
        if (!inside) {
            throw ModelRejectedException.of(ref, uri + " is outside the model root " + root + " (model.root)");
        }
        return normal;
    }

    private URI rootUri() {
        try {
            URI uri = URI.create(root);
            return uri.getScheme() == null || uri.getScheme().length() == 1
                    ? Path.of(root).toUri()
                    : uri;
        } catch (IllegalArgumentException e) {
            return Path.of(root).toUri();
        }
    }

    private static Path localPath(URI uri) {
        return uri.getScheme() == null ? Path.of(uri.getPath()) : Path.of(uri);
    }
}
