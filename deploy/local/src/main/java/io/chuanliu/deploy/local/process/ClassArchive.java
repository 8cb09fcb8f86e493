package io.chuanliu.deploy.local.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A class-data-sharing archive (JDK 17's dynamic AppCDS) of a child JVM's classes: the first run on a class path
 * writes it when it exits, later runs on the same jars map it instead of loading and verifying the same classes again.
 * A training JVM loads about 20,000 classes (Spark, Scala, Hadoop) before it reads a row; mapped, the run starts about
 * 3 s sooner; writing the archive (about 170 MB) costs the first run 15-30 s. The archive is named by the JVM and
 * the class path's jars (path, size, modification time), so a rebuild or another JDK writes a new one instead of
 * mapping one that no longer fits; older archives in the directory are deleted when a new one is kept.
 */
public final class ClassArchive {

    private static final String PREFIX = "classes-";
    private static final String SUFFIX = ".jsa";

    private final Path archive;
    private final Path writing;

    private ClassArchive(Path archive) {
        this.archive = archive;
        this.writing = archive.resolveSibling(archive.getFileName() + "." + UUID.randomUUID() + ".part");
    }

    /**
     * The archive of {@code classpath} in {@code dir}; none when an entry of the class path is a directory with files
     * (the JDK archives classes from jars only) or is missing.
     */
    public static java.util.Optional<ClassArchive> of(Path dir, String classpath) {
        List<Path> entries = java.util.Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(Path::of)
                .toList();
        if (entries.isEmpty() || !entries.stream().allMatch(ClassArchive::isJar)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ClassArchive(dir.resolve(PREFIX + fingerprint(entries) + SUFFIX)));
    }

    /** The JVM options for one run: map the archive if it was written, else write it when the JVM exits. */
    public List<String> jvmOptions() {
        String use = Files.isRegularFile(archive)
                ? "-XX:SharedArchiveFile=" + archive
                : "-XX:ArchiveClassesAtExit=" + writing;
        // The JDK reports classes it cannot archive (generated ones) as warnings on the console: not the user's
        // concern, and a mismatched archive only means a slower start.
        return List.of(use, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /**
     * After a run that loaded the classes a full run loads: keeps the archive it wrote (if any) and deletes the
     * directory's older archives. After a run that stopped early, call {@link #discard} instead.
     */
    public void keep() {
        try {
            if (Files.isRegularFile(writing) && Files.size(writing) > 0) {
                Files.move(writing, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                try (DirectoryStream<Path> archives = Files.newDirectoryStream(archive.getParent(), PREFIX + "*")) {
                    for (Path other : archives) {
                        if (!other.equals(archive)
                                && !other.getFileName().toString().endsWith(".part")) {
                            Files.deleteIfExists(other);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the class archive " + archive, e);
        } finally {
            discard();
        }
    }

    /** Deletes what this run was writing, if anything. */
    public void discard() {
        try {
            Files.deleteIfExists(writing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file() {
        return archive;
    }

    private static boolean isJar(Path entry) {
        return Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".jar");
    }

    private static String fingerprint(List<Path> jars) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((System.getProperty("java.home") + "\n" + System.getProperty("java.vm.version") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (Path jar : jars) {
                String line = jar.toAbsolutePath() + " " + Files.size(jar) + " "
                        + Files.getLastModifiedTime(jar).toMillis() + "\n";
                digest.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
