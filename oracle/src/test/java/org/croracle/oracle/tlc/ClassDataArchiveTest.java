package org.croracle.oracle.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLC children's shared class archive: written once, moved into place only whole, then read by every child. */
class ClassDataArchiveTest {

    @TempDir
    Path dir;

    @Test
    void oneChildWritesItAndTheOthersRunWithoutItUntilItIsInPlace() throws IOException {
        Path archive = dir.resolve("tlc.jsa");
        ClassDataArchive classes = new ClassDataArchive(archive);
        ClassDataArchive.Use first = classes.use(dir.resolve("run1"));
        assertNotNull(first.written());
        assertTrue(first.options().get(0).startsWith("-XX:ArchiveClassesAtExit="), first.options().toString());
        ClassDataArchive.Use meanwhile = classes.use(dir.resolve("run2"));
        assertEquals(List.of(), meanwhile.options(), "a second child does not write it too, nor read a file being written");
        Files.createDirectories(first.written().getParent());
        Files.write(first.written(), new byte[200_000]);
        classes.exited(first, true);
        assertTrue(Files.isRegularFile(archive));
        ClassDataArchive.Use later = classes.use(dir.resolve("run3"));
        assertNull(later.written());
        assertEquals("-XX:SharedArchiveFile=" + archive, later.options().get(0));
    }

    /** A JVM given a truncated archive crashes: a child killed while writing it, or a short file, never puts it in place. */
    @Test
    void aKilledOrShortWriteIsNotUsedAndTheNextChildWritesAgain() throws IOException {
        Path archive = dir.resolve("tlc.jsa");
        ClassDataArchive classes = new ClassDataArchive(archive);
        ClassDataArchive.Use killed = classes.use(dir.resolve("run1"));
        Files.createDirectories(killed.written().getParent());
        Files.write(killed.written(), new byte[200_000]);
        classes.exited(killed, false);
        assertFalse(Files.exists(archive));
        ClassDataArchive.Use shortWrite = classes.use(dir.resolve("run2"));
        assertNotNull(shortWrite.written(), "after a failed write the next child writes it");
        Files.createDirectories(shortWrite.written().getParent());
        Files.write(shortWrite.written(), new byte[100]);
        classes.exited(shortWrite, true);
        assertFalse(Files.exists(archive));
        assertNotNull(classes.use(dir.resolve("run3")).written());
    }

    /** Through TLC: the archive is made by the first child and the next children give the same verdicts with it. */
    @Test
    void childrenReadingTheArchiveCheckAsBefore() {
        Path freeze = TlcModelCheckerTest.FREEZE;
        TlcModelChecker tlc = new TlcModelChecker();
        TlcRun first = tlc.run(new TlcRequest(freeze, "MCFreeze", "MCFreeze.cfg", List.of(), 1, Duration.ofSeconds(60)), null);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var files = Files.list(tmp)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().matches("tlc-classes-[0-9a-f]+\\.jsa")),
                    "the first child left the archive in " + tmp);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        TlcRun second = tlc.run(new TlcRequest(freeze, "MCFreeze", "MCFreeze.cfg", List.of(), 1, Duration.ofSeconds(60)), null);
        assertEquals(TlcOutcome.OK, second.outcome(), second.output());
        assertEquals(first.statesGenerated(), second.statesGenerated());
        assertEquals(first.distinctStates(), second.distinctStates());
        assertFalse(second.output().contains("[cds"), "the JDK's archive warnings stay out of TLC's output");
    }
}
