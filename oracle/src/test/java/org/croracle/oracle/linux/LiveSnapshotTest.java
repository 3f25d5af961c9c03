package org.croracle.oracle.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.croracle.impl.image.ImageChecker;
import org.croracle.impl.image.ImageReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A snapshot of a tree the shell built (no part of this project): its usage leaks, its restart
 * plan, its skeleton restarted on Linux; and every way a snapshot fails leaves the tree as it was.
 */
class LiveSnapshotTest {

    @BeforeEach
    void needLinux() {
        LinuxHere.assume();
        String why = LiveSnapshotHere.reason();
        if (why != null) {
            System.out.println("[linux] skipped: " + why);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(why == null, () -> "a snapshot cannot run here: " + why);
    }

    /** What the tree is like as the rest of the machine sees it: each task's freezer cgroup and state. */
    static Map<Integer, String> lookOf(List<Integer> pids) throws Exception {
        Map<Integer, String> out = new HashMap<>();
        for (int pid : pids) {
            LiveProc.Task t = LiveProc.read(pid, false);
            out.put(pid, "cgroup " + t.freezer() + " state " + t.state() + " parent " + t.ppid() + " session " + t.sid()
                    + " group " + t.pgid());
        }
        return out;
    }

    /** The freezer cgroups snapshots made (none may be left). */
    static List<String> snapshotCgroups() throws IOException {
        if (!Files.isDirectory(LiveSnapshot.FREEZER)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(LiveSnapshot.FREEZER)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("cr-snapshot.")).toList();
        }
    }

    @Test
    void aShellTreeIsSnapshottedItsOutsidePipeEndReportedItsPlanPrintedAndItsSkeletonRestartedEqual() throws Exception {
        try (ForeignTree tree = ForeignTree.start()) {
            List<Integer> pids = tree.pids();
            assertEquals(6, pids.size(), "root, three jobs (one a pipeline of two), a zombie: " + pids);
            Map<Integer, String> before = lookOf(pids);
            List<String> cgroupsBefore = snapshotCgroups();

            LiveSnapshot.Outcome o = LiveSnapshot.take(tree.root, LiveSnapshot.Freeze.NEW_CGROUP, 5000);
            assertTrue(o.ok(), o.error() + "\n" + String.join("\n", o.log()));
            System.out.println(String.join("\n", o.log()));

            // left as it was: the same cgroups, thawed, the same tree; the snapshot's cgroup is gone
            assertEquals(before, lookOf(pids));
            assertEquals(cgroupsBefore, snapshotCgroups());

            // the image reads like any other, and holds the tree
            ImageChecker checker = ImageChecker.check(new ImageReader(new ByteArrayInputStream(o.image())));
            assertTrue(checker.ok(), checker.problems().toString());
            assertEquals(pids, checker.tree().stream().map(e -> e.pid()).toList());
            assertFalse(o.container(), "a tree of the machine's own PID namespace is a subtree");

            // the usage leak: the pipe of the pipeline, whose read end the outside process holds too
            LiveSnapshot.Leak pipe = o.leaks().stream().filter(l -> l.kind().equals("pipe")).findFirst().orElseThrow(
                    () -> new AssertionError("no pipe leak in " + o.leaks()));
            assertEquals(List.of("task " + tree.outside + " (sleep) fd 3 (read end)"), pipe.outside());
            assertTrue(pipe.inside().contains("task " + tree.reader + " (sleep) fd 0 (read end)"), pipe.inside().toString());
            assertTrue(o.log().contains("subtree: shared with the outside: pipe objref " + pipe.objref()), o.log().toString());
            assertTrue(checker.objects().get(pipe.objref()).sharedOutside());
            assertTrue(o.log().stream().anyMatch(l -> l.startsWith("not shown by /proc") && l.contains("subreaper")
                    && l.contains("pipe contents")), o.log().toString());

            // the plan names tasks by their commands and says who can restore the tree
            RestartPlanReport.Report plan = RestartPlanReport.of(o.image(), o.labels());
            System.out.println(String.join("\n", plan.lines()));
            assertTrue(plan.linuxCr() && plan.mainline(), plan.lines().toString());
            assertTrue(plan.lines().stream().anyMatch(l -> l.contains("creates sleep(" + tree.reader + ")")), plan.lines().toString());
            int session = LiveProc.read(tree.root, false).sid();
            assertFalse(pids.contains(session), "the session leader exited");
            assertTrue(plan.lines().stream().anyMatch(l -> l.startsWith("  temporary: ghost session " + session + " ")),
                    "the session's dead leader is a ghost: " + plan.lines());

            // the skeleton, restarted on Linux with the helper's processes: same pids, sessions, groups, zombie
            try (CrLinux linux = CrLinux.start(Duration.ofSeconds(5))) {
                LinuxRestart.SkeletonOutcome s = LinuxRestart.skeleton(linux, o.image());
                assertTrue(s.equal(), String.valueOf(s));
                assertEquals(pids.size(), s.restored().size());
                assertTrue(s.restored().get(5).contains("zombie (exit 3, signal 0)"), s.restored().toString());
                assertTrue(s.restored().get(0).startsWith("pid [" + tree.root + "] session "), s.restored().toString());
            }
        }
    }

    @Test
    void noSuchProcessIsOneLineAndNothingElse() {
        int pid = LiveProc.pidMax() - 1;
        while (Files.exists(LiveProc.proc(pid))) {
            pid--;
        }
        LiveSnapshot.Outcome o = LiveSnapshot.take(pid, LiveSnapshot.Freeze.NEW_CGROUP, 5000);
        assertFalse(o.ok());
        assertTrue(o.refused());
        assertEquals("no process " + pid + " (/proc/" + pid + " does not exist)", o.error());
        assertTrue(o.log().isEmpty(), o.log().toString());
        assertNull(o.image());
    }

    @Test
    void aKernelThreadIsRefusedInOneLine() throws Exception {
        Integer kthread = null;
        for (int pid : new java.util.TreeSet<>(LiveProc.parents().keySet())) {
            try {
                if (LiveProc.read(pid, false).kernelThread()) {
                    kthread = pid;
                    break;
                }
            } catch (LiveProc.Vanished v) {
                // gone
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(kthread != null, "no kernel thread in this /proc");
        LiveSnapshot.Outcome o = LiveSnapshot.take(kthread, LiveSnapshot.Freeze.NEW_CGROUP, 5000);
        assertTrue(o.refused());
        assertEquals("task " + kthread + " (" + LiveProc.comm(kthread) + ") is a kernel thread: it has no user space, and"
                + " checkpoint cannot save it", o.error());
        assertEquals(List.of(), snapshotCgroups());
    }

    @Test
    void aTreeWithoutAFreezerCgroupOfItsOwnIsRefusedAndLeftAsItWas() throws Exception {
        try (ForeignTree tree = ForeignTree.start()) {
            Map<Integer, String> before = lookOf(tree.pids());
            LiveSnapshot.Outcome o = LiveSnapshot.take(tree.root, LiveSnapshot.Freeze.OWN_CGROUP, 5000);
            assertFalse(o.ok());
            assertTrue(o.refused());
            assertTrue(o.error().contains("has no freezer cgroup of its own") && o.error().contains("--freeze")
                    && o.error().contains("--unfrozen"), o.error());
            assertEquals(before, lookOf(tree.pids()));
        }
    }

    /** A tree in a freezer cgroup of its own is frozen there, read, and thawed; it stays in its cgroup. */
    @Test
    void aTreeInAFreezerCgroupOfItsOwnIsFrozenThereAndThawedAfter() throws Exception {
        try (ForeignTree tree = ForeignTree.start()) {
            Path own = LiveSnapshot.FREEZER.resolve("cr-test-own." + ProcessHandle.current().pid());
            Files.createDirectory(own);
            try {
                for (int pid : tree.pids()) {
                    if (!LiveProc.read(pid, false).zombie()) {
                        Files.writeString(own.resolve("cgroup.procs"), Integer.toString(pid));
                    }
                }
                Map<Integer, String> before = lookOf(tree.pids());
                LiveSnapshot.Outcome o = LiveSnapshot.take(tree.root, LiveSnapshot.Freeze.OWN_CGROUP, 5000);
                assertTrue(o.ok(), o.error() + "\n" + String.join("\n", o.log()));
                assertTrue(o.log().contains("freezer: cgroup /" + own.getFileName() + " THAWED -> FROZEN (thawed after the read)"),
                        o.log().toString());
                assertEquals("THAWED", Files.readString(own.resolve("freezer.state")).trim());
                assertEquals(before, lookOf(tree.pids()));
            } finally {
                for (String pid : Files.readAllLines(own.resolve("cgroup.procs"))) {
                    if (!pid.isBlank()) {
                        Files.writeString(LiveSnapshot.FREEZER.resolve("cgroup.procs"), pid.trim());
                    }
                }
                Files.delete(own);
            }
        }
    }

    @Test
    void anUnfrozenSnapshotSaysItMayBeInconsistent() throws Exception {
        try (ForeignTree tree = ForeignTree.start()) {
            LiveSnapshot.Outcome o = LiveSnapshot.take(tree.root, LiveSnapshot.Freeze.UNFROZEN, 5000);
            assertTrue(o.ok(), o.error());
            assertTrue(o.log().stream().anyMatch(l -> l.contains("may be inconsistent")), o.log().toString());
        }
    }

    /** A task that exits and is reaped while the tree is read (it runs: --unfrozen) makes no snapshot. */
    @Test
    void aTaskThatVanishesMidReadIsOneLineAndTheTreeIsLeftAsItWas() throws Exception {
        try (ForeignTree tree = ForeignTree.start()) {
            List<Integer> pids = tree.pids();
            int victim = pids.get(1); // a job of the root, which reaps it
            List<Integer> rest = new ArrayList<>(pids);
            rest.remove(Integer.valueOf(victim));
            Map<Integer, String> before = lookOf(rest);
            LiveSnapshot.Outcome o = LiveSnapshot.take(tree.root, LiveSnapshot.Freeze.UNFROZEN, 5000, pid -> {
                if (pid == victim) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    for (int i = 0; i < 500 && Files.exists(LiveProc.proc(pid)); i++) {
                        sleep(10);
                    }
                }
            });
            assertFalse(o.ok());
            assertEquals("task " + victim + " vanished while it was read (it exited and was reaped); no snapshot is written",
                    o.error());
            assertNull(o.image());
            assertEquals(before, lookOf(rest));
        }
    }

    /** A read that fails once the tree is frozen in the snapshot's cgroup: one line, the tree thawed and moved back. */
    @Test
    void aReadFailingWhileFrozenLeavesTheTreeAsItWas() throws Exception {
        try (ForeignTree tree = ForeignTree.start()) {
            List<Integer> pids = tree.pids();
            Map<Integer, String> before = lookOf(pids);
            List<String> cgroupsBefore = snapshotCgroups();
            String[] seen = new String[1];
            LiveSnapshot.Outcome o = LiveSnapshot.take(tree.root, LiveSnapshot.Freeze.NEW_CGROUP, 5000, pid -> {
                if (pid == pids.get(2)) {
                    try {
                        seen[0] = LiveProc.read(pid, false).freezer();
                    } catch (LiveProc.Vanished v) {
                        throw new AssertionError(v);
                    }
                    throw new IllegalStateException("cannot read /proc/" + pid + "/maps: Input/output error");
                }
            });
            assertTrue(seen[0] != null && seen[0].startsWith("/cr-snapshot."), "read while in the snapshot's cgroup: " + seen[0]);
            assertFalse(o.ok());
            assertEquals("cannot read /proc/" + pids.get(2) + "/maps: Input/output error", o.error());
            assertNull(o.image());
            assertEquals(before, lookOf(pids));
            assertEquals(cgroupsBefore, snapshotCgroups());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
