package org.croracle.cli;

import static org.croracle.cli.MainTest.cr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.croracle.cli.MainTest.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./cr snapshot of a live tree, read back by ./cr ckptinfo and planned by ./cr plan like any other image. */
class SnapshotCommandLinuxTest {

    @BeforeAll
    static void tmpdir() throws java.io.IOException {
        ExplainCommandTest.tmpdir();
    }

    private static String unavailable() throws java.io.IOException {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return "this is not Linux";
        }
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("Uid:") && !l.substring(4).trim().split("\\s+")[1].equals("0")) {
                return "not root (kcmp(2) and other processes' /proc/PID/fd need it)";
            }
        }
        if (!Files.isDirectory(Path.of("/sys/fs/cgroup/freezer"))) {
            return "no cgroup v1 freezer";
        }
        if (org.croracle.oracle.linux.CrLinux.class.getResource("crlinux") == null) {
            return "the native helper crlinux was not built (no gcc)";
        }
        return null;
    }

    @Test
    void aSnapshotReadsAndPlansLikeAnyImage(@TempDir Path dir) throws Exception {
        String why = unavailable();
        if (why != null) {
            System.out.println("[linux] skipped: " + why);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(why == null, () -> "a snapshot cannot run here: " + why);
        // setsid: a session of its own, whose leader this PID namespace can name (the test's own
        // session leader may be outside it, in a CI container); setsid execs bash, so shell is bash
        Process shell = new ProcessBuilder("setsid", "bash", "-c", "sleep 100 & sleep 100 & wait")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 500 && shell.children().count() < 2; i++) {
                Thread.sleep(10);
            }
            List<Long> children = new ArrayList<>(shell.children().map(ProcessHandle::pid).sorted().toList());
            assertEquals(2, children.size());
            Path img = dir.resolve("shell.img");
            Run s = cr("snapshot", String.valueOf(shell.pid()), "-o", img.toString(), "--freeze");
            assertEquals(0, s.code(), s.out() + s.err());
            assertTrue(s.out().contains("task " + shell.pid() + " (bash): parent "), s.out());
            assertTrue(Files.readString(dir.resolve("shell.img.log")).contains("task " + children.get(0) + " (sleep): parent "
                    + shell.pid()));

            Run tree = cr("ckptinfo", img.toString(), "--tree", "--check");
            assertEquals(0, tree.code(), tree.out() + tree.err());
            assertTrue(tree.out().contains(img + ": well-formed"), tree.out());
            assertTrue(tree.out().matches("(?s).*\\n\\s+1\\s+" + children.get(0) + "\\s+" + shell.pid() + "\\s.*"), tree.out());

            Run plan = cr("plan", img.toString());
            assertEquals(0, plan.code(), plan.out() + plan.err());
            assertTrue(plan.out().contains("creates sleep(" + children.get(1) + ")"), plan.out());
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }
}
