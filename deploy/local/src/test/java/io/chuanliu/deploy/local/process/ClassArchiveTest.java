package io.chuanliu.deploy.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchiveTest {

    @TempDir
    Path dir;

    @Test
    void shouldBeWrittenByTheFirstRunAndMappedByTheNext() throws Exception {
        Path jar = helloJar();
        ClassArchive first =
                ClassArchive.of(dir.resolve("archives"), jar.toString()).orElseThrow();
        Files.createDirectories(dir.resolve("archives"));

        assertThat(first.jvmOptions()).anyMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit="));
        run(first.jvmOptions(), jar);
        first.keep();

        ClassArchive second =
                ClassArchive.of(dir.resolve("archives"), jar.toString()).orElseThrow();
        assertThat(second.file()).isEqualTo(first.file()).isRegularFile();
        assertThat(second.jvmOptions()).contains("-XX:SharedArchiveFile=" + first.file());
        assertThat(run(second.jvmOptions(), jar)).contains("hello.Hello source: shared objects file (top)");
        assertThat(dir.resolve("archives")).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void shouldBeANewArchiveWhenAJarChangesAndTheOldOneDeletedWhenTheNewIsKept() throws Exception {
        Path jar = helloJar();
        Path archives = Files.createDirectories(dir.resolve("archives"));
        ClassArchive before = afterARun(archives, jar);
        before.keep();

        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        ClassArchive after = ClassArchive.of(archives, jar.toString()).orElseThrow();

        assertThat(after.file()).isNotEqualTo(before.file());
        assertThat(after.jvmOptions()).anyMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit="));
        run(after.jvmOptions(), jar);
        after.keep();
        try (var files = Files.list(archives)) {
            assertThat(files.toList()).containsExactly(after.file());
        }
    }

    @Test
    void shouldNotArchiveAClassPathWithADirectoryOfClasses() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/io"));
        Files.writeString(classes.resolve("A.class"), "not really");

        assertThat(ClassArchive.of(dir, helloJar() + File.pathSeparator + dir.resolve("classes")))
                .isEmpty();
    }

    @Test
    void shouldLeaveNothingBehindWhenARunIsDiscarded() throws Exception {
        Path archives = Files.createDirectories(dir.resolve("archives"));
        ClassArchive archive = afterARun(archives, helloJar());

        archive.discard();

        try (var files = Files.list(archives)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    /** The archive of {@code jar} in {@code archives} after one run of the JVM with its options. */
    private ClassArchive afterARun(Path archives, Path jar) throws Exception {
        ClassArchive archive = ClassArchive.of(archives, jar.toString()).orElseThrow();
        run(archive.jvmOptions(), jar);
        return archive;
    }

    /** A jar with one class, {@code hello.Hello}, compiled here for this JDK (CDS archives no pre-Java-6 classes). */
    private Path helloJar() throws Exception {
        Path jar = dir.resolve("hello.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Path source = Files.createDirectories(dir.resolve("src/hello")).resolve("Hello.java");
        Files.writeString(
                source,
                "package hello; public class Hello { public static void main(String[] a) { System.out.println(\"hi\"); } }");
        Path out = Files.createDirectories(dir.resolve("out"));
        int compiled = javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", out.toString(), source.toString());
        assertThat(compiled).isZero();
        try (var stream = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            stream.putNextEntry(new java.util.jar.JarEntry("hello/Hello.class"));
            stream.write(Files.readAllBytes(out.resolve("hello/Hello.class")));
            stream.closeEntry();
        }
        return jar;
    }

    /** Runs {@code hello.Hello} in a child JVM with the archive's options; its class-loading log. */
    private String run(List<String> archiveOptions, Path jar) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(archiveOptions);
        command.addAll(List.of("-Xlog:class+load=info", "-cp", jar.toString(), "hello.Hello"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
