package org.croracle.oracle.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A snapshot's changes to the tree (a new freezer cgroup, the tasks moved into it, frozen) are
 * undone by the helper even when the Java side is SIGKILLed; and a snapshot refused by the
 * machine (not root, a tree with ids the reader's PID namespace cannot name) is one line.
 */
class LiveSnapshotCleanupTest {

    @BeforeEach
    void needLinux() {
        LinuxHere.assume();
        String why = LiveSnapshotHere.reason();
        if (why != null) {
            System.out.println("[linux] skipped: " + why);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(why == null, () -> "a snapshot cannot run here: " + why);
    }

    static ProcessBuilder child(List<String> prefix, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LiveSnapshotChild.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    @Test
    void sigkillOfTheJavaSideThawsMovesBackAndRemovesTheCgroup() throws Exception {
        sigkillMidSnapshot(false);
    }

    /** Its watchdog undoes what the helper did when the helper itself is SIGKILLed. */
    @Test
    void sigkillOfTheHelperItselfThawsMovesBackAndRemovesTheCgroup() throws Exception {
        sigkillMidSnapshot(true);
    }

    private static void sigkillMidSnapshot(boolean helperToo) throws Exception {
        try (ForeignTree tree = ForeignTree.start()) {
            List<Integer> pids = tree.pids();
            Map<Integer, String> before = LiveSnapshotTest.lookOf(pids);
            List<String> cgroupsBefore = LiveSnapshotTest.snapshotCgroups();
            Process p = child(List.of(), String.valueOf(tree.root), "new", "hang").start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String first = out.readLine();
                assertTrue(first != null && first.startsWith("reading "), "the child reads the frozen tree: " + first);
                List<String> made = new ArrayList<>(LiveSnapshotTest.snapshotCgroups());
                made.removeAll(cgroupsBefore);
                assertEquals(1, made.size(), "its freezer cgroup: " + made);
                String state = Files.readString(LiveSnapshot.FREEZER.resolve(made.get(0)).resolve("freezer.state")).trim();
                assertEquals("FROZEN", state);
                assertTrue(LiveProc.read(tree.root, false).freezer().equals("/" + made.get(0)));
                if (helperToo) {
                    ProcessHandle helper = p.children().filter(c -> LiveProc.comm((int) c.pid()).equals("crlinux"))
                            .findFirst().orElseThrow(() -> new AssertionError("no crlinux child of the snapshot's JVM"));
                    helper.destroyForcibly();
                    helper.onExit().get(10, TimeUnit.SECONDS);
                }
            } finally {
                p.destroyForcibly(); // SIGKILL: no Java code of the snapshot runs after it
                p.waitFor(10, TimeUnit.SECONDS);
            }
            Map<Integer, String> after = LiveSnapshotTest.lookOf(pids);
            for (int i = 0; i < 300 && (!after.equals(before) || !LiveSnapshotTest.snapshotCgroups().equals(cgroupsBefore)); i++) {
                Thread.sleep(10);
                after = LiveSnapshotTest.lookOf(pids);
            }
            assertEquals(before, after, "every task back in its cgroup, thawed");
            assertEquals(cgroupsBefore, LiveSnapshotTest.snapshotCgroups(), "the snapshot's cgroup removed");
        }
    }

    private static String run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        return out;
    }

    @Test
    void notRootIsOneLine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(java.nio.file.Path.of("/usr/bin/setpriv")),
                "no setpriv(1) to run the snapshot as another user");
        String out = run(child(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
                String.valueOf(ProcessHandle.current().pid()), "new"));
        assertEquals("unsupported: snapshot needs root: kcmp(2), other users' /proc/PID/fd and the freezer need it"
                + " (effective uid 65534)", out);
    }

    /**
     * A reader in a new PID namespace (its own /proc) and a task of it whose session and group
     * were made outside: /proc shows them as 0, ids the reader cannot name.
     */
    @Test
    void aTreeSpanningPidNamespacesTheReaderCannotSeeIsOneLine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(java.nio.file.Path.of("/usr/bin/unshare")),
                "no unshare(1) to make a PID namespace");
        List<String> java = child(List.of(), "ROOT", "unfrozen").command();
        String cmd = "sleep 60 & exec " + String.join(" ", java.stream().map(a -> a.equals("ROOT") ? "$!" : "'" + a + "'")
                .toList());
        String out = run(new ProcessBuilder("/usr/bin/unshare", "--pid", "--fork", "--mount-proc", "/bin/bash", "-c", cmd)
                .redirectErrorStream(true));
        assertTrue(out.endsWith("error: task 2 (sleep): its session has no pid in the PID namespace of this reader's /proc"
                + " (it shows 0): the tree spans PID namespaces the reader cannot see"), out);
    }
}
