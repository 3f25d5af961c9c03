package org.croracle.oracle.tlc;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A class-data-sharing archive of the classes a TLC child loads (the JDK's dynamic AppCDS): every
 * child after the first maps TLC's parsed and verified classes from it instead of loading them
 * from the jar again, which is about a quarter of the CPU a small model's child spends in all
 * (1.4 s without, 1.1 s with, on this project's smallest bug variants). {@code ./cr check} starts
 * some fifty children.
 *
 * <p>The first child writes the archive at its exit, under a name of its own in its run
 * directory; the archive is moved into place only when that child exited by itself and left a
 * whole file, because a JVM given a truncated archive crashes rather than running without it.
 * Children that start while it is being written run without it. The archive lives in this JVM's
 * {@code java.io.tmpdir} (for {@code ./cr}, a directory of the run's own that the script deletes),
 * named after the JDK and the TLC jar it was made from, so that another JDK or TLC build never
 * meets it; the JDK's warnings about classes it cannot archive are silenced, since they would
 * interleave with TLC's output.
 */
final class ClassDataArchive {

    /** No TLC child's archive is smaller: a file below this was not written whole. */
    private static final long MIN_SIZE = 64 * 1024;

    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private final Path archive;
    private final AtomicBoolean writing = new AtomicBoolean();

    ClassDataArchive(Path archive) {
        this.archive = archive;
    }

    /** The archive for children running {@code java} with {@code tlcClasspath}; null if TLC is not in a jar. */
    static ClassDataArchive forChildren(Path java, Path tlcClasspath) {
        if (!Files.isRegularFile(tlcClasspath)) {
            return null; // classes in a directory are not archived
        }
        long stamp;
        try {
            stamp = Files.getLastModifiedTime(tlcClasspath).toMillis() ^ Files.size(tlcClasspath);
        } catch (IOException e) {
            return null;
        }
        String key = java.toAbsolutePath() + "|" + System.getProperty("java.vm.version") + "|"
                + tlcClasspath.toAbsolutePath() + "|" + stamp;
        Path dir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        return new ClassDataArchive(dir.resolve("tlc-classes-" + Integer.toHexString(key.hashCode()) + ".jsa"));
    }

    /** One child's share of the archive: its JVM options, and what to do when it has exited. */
    record Use(List<String> options, Path written) {
    }

    /** The options of a child whose run directory is {@code runDir}: read the archive, or write it, or neither. */
    Use use(Path runDir) {
        if (Files.isRegularFile(archive)) {
            return new Use(concat("-XX:SharedArchiveFile=" + archive), null);
        }
        if (writing.compareAndSet(false, true)) {
            Path written = runDir.resolve("classes.jsa");
            return new Use(concat("-XX:ArchiveClassesAtExit=" + written), written);
        }
        return new Use(List.of(), null);
    }

    /**
     * After the child of {@code use} exited; {@code byItself} false if it was killed. Moves a
     * whole written archive into place; otherwise lets a later child write it.
     */
    void exited(Use use, boolean byItself) {
        if (use.written() == null) {
            return;
        }
        try {
            if (byItself && Files.isRegularFile(use.written()) && Files.size(use.written()) >= MIN_SIZE) {
                try {
                    Files.move(use.written(), archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    return; // never show a child a file still being copied: run without the archive
                }
                return;
            }
        } catch (IOException e) {
            // fall through: a later child writes it
        }
        writing.set(false);
    }

    private static List<String> concat(String option) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(option), QUIET.stream()).toList();
    }
}
