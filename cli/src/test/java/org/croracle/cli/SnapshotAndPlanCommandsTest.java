package org.croracle.cli;

import static org.croracle.cli.MainTest.assertUserError;
import static org.croracle.cli.MainTest.cr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.croracle.cli.MainTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./cr snapshot's mistakes in what is asked, and ./cr plan on scenario images (no live tree needed). */
class SnapshotAndPlanCommandsTest {

    @org.junit.jupiter.api.BeforeAll
    static void tmpdir() throws java.io.IOException {
        ExplainCommandTest.tmpdir();
    }

    @Test
    void snapshotMistakesAreOneLineAndWriteNothing(@TempDir Path dir) {
        String out = dir.resolve("t.img").toString();
        assertUserError(cr("snapshot", "abc", "-o", out), "PID must be a process id, not 'abc'");
        assertUserError(cr("snapshot", "0", "-o", out), "PID must be a positive process id");
        assertUserError(cr("snapshot", "1", "-o", out, "--freeze", "--unfrozen"), "--freeze and --unfrozen exclude each other");
        assertUserError(cr("snapshot", "1"), "Missing required option: '--output=IMAGE'");
        assertUserError(cr("snapshot", "1", "-o", out, "--all"), "Unknown option: '--all'");
        assertUserError(cr("snapshot", "1", "-o", dir.resolve("no/such/dir/t.img").toString()), "no directory");
        int pid = 4_194_303;
        while (Files.exists(Path.of("/proc", String.valueOf(pid)))) {
            pid--;
        }
        assertUserError(cr("snapshot", String.valueOf(pid), "-o", out), "no process " + pid + " (/proc/" + pid
                + " does not exist)");
        assertFalse(Files.exists(dir.resolve("t.img")));
        assertFalse(Files.exists(dir.resolve("t.img.log")));
    }

    private static Path image(Path dir, String name, String scenario) throws Exception {
        Path file = dir.resolve(name + ".crs");
        Files.writeString(file, scenario);
        Run run = cr("run", file.toString(), "--images", dir.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        return dir.resolve(name + ".img");
    }

    @Test
    void planOfAContainerWithADeadSessionLeader(@TempDir Path dir) throws Exception {
        Path img = image(dir, "s", """
                host fork c newpid cgroup=box
                c setsid
                c fork l
                l setsid
                l fork m
                l exit 0
                c wait l
                freeze box
                checkpoint c image=s
                """);
        Run r = cr("plan", img.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  temporary: ghost session 2 (parent 1, session ghost session 2, group ghost session 2)"), r.out());
        assertTrue(r.out().contains("task ghost session 2 creates 3 (eclone pids=[3], CLONE_PARENT)"), r.out());
        assertTrue(r.out().contains("\nlinux-cr's restart: restorable\n"), r.out());
        assertTrue(r.out().contains("\nmainline Linux: the process tree can be rebuilt"), r.out());
    }

    /** A snapshot's log saying checkpoint() refuses the container: linux-cr never writes the image. */
    @Test
    void planOfAContainerCheckpointRefuses(@TempDir Path dir) throws Exception {
        Path img = image(dir, "c", """
                host fork c newpid cgroup=box
                c fork a
                freeze box
                checkpoint c image=c
                """);
        Files.writeString(dir.resolve("c.img.log"), "task 7 (sh): parent 1, session 1, group 1, uid 0, state S\n"
                + "leak check: checkpoint() of this container fails: EBUSY: usage leak: pipe inode 9 (objref 3):"
                + " something outside the tree holds it (1 such objects)\n");
        Run r = cr("plan", img.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\nlinux-cr's restart: not restorable: linux-cr's checkpoint() refuses this container"
                + " (EBUSY: usage leak: pipe inode 9 (objref 3): something outside the tree holds it (1 such objects)), so it"
                + " never writes this image; the plan above is for the tree as it was read\n"), r.out());
        assertTrue(r.out().contains("restarter creates 1 "), r.out());
    }

    /** A group of the outer namespace joined by a task of a nested one: only linux-cr's restore_pgid can. */
    @Test
    void planSaysWhereMainlineCannot(@TempDir Path dir) throws Exception {
        Path img = image(dir, "ml", """
                host fork init newpid cgroup=box
                init fork a
                a setpgid
                init fork b newpid
                init setpgid b a
                b fork x
                freeze box
                checkpoint init image=ml
                """);
        Run r = cr("plan", img.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\nlinux-cr's restart: restorable\n"), r.out());
        assertTrue(r.out().contains("\nmainline Linux: cannot rebuild the process tree: task 4 joins group 2, which has no"
                + " pid in the PID namespace of the task or of its parent"), r.out());
    }

    @Test
    void planOfWhatIsNoImage(@TempDir Path dir) throws Exception {
        assertUserError(cr("plan", dir.resolve("none.img").toString()), "no image file");
        Path junk = dir.resolve("junk.img");
        Files.writeString(junk, "not an image");
        Run r = cr("plan", junk.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("no restart plan: the image is malformed"), r.out());
        assertTrue(r.out().contains("linux-cr's restart: not restorable") && r.out().contains("mainline Linux: not restorable"),
                r.out());
        assertUserError(cr("plan", junk.toString(), "--timeout-ms", "5"), "--timeout-ms must be at least 100");
    }
}
