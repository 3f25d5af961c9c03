package org.croracle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario's checkpoints written with ./cr run --images and read back with ./cr ckptinfo. */
class CheckpointCommandsTest {

    static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();

    record Run(int code, String out, String err) {
    }

    static Run cr(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void ckptinfoTreeShowsTheTreeThatWasCheckpointed(@TempDir Path dir) throws Exception {
        Run run = cr("run", EXAMPLES.resolve("checkpoint-container.crs").toString(), "--images", dir.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("checkpoint img1: ckptid 1"), run.out());
        assertTrue(Files.size(dir.resolve("img1.img")) > 0);
        Run info = cr("ckptinfo", dir.resolve("img1.img").toString(), "--tree");
        assertEquals(0, info.code(), info.err());
        // c (pid 1 of its namespace, its own session), a (setsid: its own session), b (born before
        // a's setsid: c's session, its own group), d (a's child), z (a zombie, status 3).
        String[] rows = info.out().lines().filter(l -> l.matches("\\s+\\d+\\s.*")).toArray(String[]::new);
        assertEquals(5, rows.length, info.out());
        assertTrue(rows[0].matches("\\s+0\\s+1\\s+-\\s+1\\s+1\\s+1\\s+running.*"), rows[0]);
        assertTrue(rows[2].matches("\\s+2\\s+3\\s+2\\s+3\\s+3\\s+1\\s+running.*"), rows[2]);
        assertTrue(rows[4].matches("\\s+4\\s+4\\s+1\\s+4\\s+1\\s+1\\s+zombie\\s+code 3.*"), rows[4]);
        Run error = cr("ckptinfo", dir.resolve("img3.img").toString());
        assertEquals(0, error.code(), error.err());
        assertTrue(error.out().contains("EBUSY") && error.out().contains("not FROZEN"), error.out());
    }

    @Test
    void ckptinfoObjectsShowsWhatASubtreeCheckpointSharedWithTheOutside(@TempDir Path dir) throws Exception {
        Run run = cr("run", EXAMPLES.resolve("checkpoint-leaks.crs").toString(), "--images", dir.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("usage leak: file"), run.out());
        Run shared = cr("ckptinfo", dir.resolve("shared.img").toString(), "--objects", "--check");
        assertEquals(0, shared.code(), shared.out() + shared.err());
        assertEquals(2, shared.out().lines().filter(l -> l.matches("\\s+\\d+\\s+FILE\\s+outside.*")).count(), shared.out());
        Run closed = cr("ckptinfo", dir.resolve("closed.img").toString(), "--objects");
        assertTrue(closed.out().lines().noneMatch(l -> l.contains("outside")), closed.out());
    }

    @Test
    void imagesGoToADirectoryThatCannotBeMadeIsAUserError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "not a directory");
        Run run = cr("run", EXAMPLES.resolve("checkpoint-container.crs").toString(), "--images", file.toString());
        assertEquals(2, run.code(), run.out());
        assertTrue(run.err().startsWith("cr: cannot write images to"), run.err());
    }
}
