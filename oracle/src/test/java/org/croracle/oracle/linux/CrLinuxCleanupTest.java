package org.croracle.oracle.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** No process the helper starts outlives it: after quit, after its own timeout, after it is killed. */
class CrLinuxCleanupTest {

    @BeforeEach
    void needLinux() {
        LinuxHere.assume();
    }

    /** Processes running the helper (the controller, host, and every task, all named crlinux). */
    static long helperProcesses() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return Files.readString(p.resolve("comm")).strip().equals("crlinux");
                } catch (IOException e) {
                    return false; // it ended while we looked
                }
            }).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static long settledCount(long expected) throws InterruptedException {
        long n = helperProcesses();
        for (int i = 0; i < 300 && n != expected; i++) {
            Thread.sleep(10);
            n = helperProcesses();
        }
        return n;
    }

    /** A helper with a tree: a chain, a nested namespace with its own children, and zombies. */
    static void buildTree(CrLinux linux) {
        assertTrue(linux.op("fork host a").ok());
        assertTrue(linux.op("fork a b newpid").ok());
        assertTrue(linux.op("fork b c").ok());
        assertTrue(linux.op("fork c d").ok());
        assertTrue(linux.op("fork host z").ok());
        assertTrue(linux.op("exit z 3").ok());
        assertEquals(6, linux.report().size());
    }

    @Test
    void quitLeavesNothing() throws Exception {
        long before = helperProcesses();
        try (CrLinux linux = CrLinux.start(Duration.ofSeconds(5))) {
            buildTree(linux);
            long watchdog = CrLinuxCgroupTest.cgroupDirs().isEmpty() ? 0 : 1; // there is one where there is a freezer
            assertEquals(before + 7 + watchdog, helperProcesses(), "controller, its cgroup watchdog, host and five tasks (one a zombie)");
        }
        assertEquals(before, settledCount(before));
    }

    @Test
    void theHelpersOwnTimeoutLeavesNothing() throws Exception {
        long before = helperProcesses();
        try (CrLinux linux = CrLinux.start(Duration.ofMillis(300))) {
            buildTree(linux);
            CrLinux.Failure f = assertThrows(CrLinux.Failure.class, () -> linux.op("pause c 5000"));
            assertTrue(f.getMessage().contains("timeout"), f.getMessage());
        }
        assertEquals(before, settledCount(before));
    }

    /**
     * A kernel hang: a namespace's init that exits while in a group led by a task of its namespace
     * waits forever in zap_pid_ns_processes. The helper says so, releases it, and leaves nothing.
     */
    @Test
    void aHangInTheKernelIsReportedAndReleased() throws Exception {
        long before = helperProcesses();
        List<String> warnings;
        try (CrLinux linux = CrLinux.start(Duration.ofSeconds(5))) {
            assertTrue(linux.op("fork host a newpid").ok());
            assertTrue(linux.op("fork a b").ok());
            assertTrue(linux.op("setpgid b 0 0").ok());
            assertTrue(linux.op("setpgid a 0 2").ok()); // a (pid 1 of its namespace) joins b's group
            CrLinux.Answer exit = linux.op("exit a 0");
            assertTrue(exit.hang() != null && exit.hang().contains("zap_pid_ns_processes"), exit.toString());
            LinuxTask a = linux.report().stream().filter(t -> t.label().equals("a")).findFirst().orElseThrow();
            assertTrue(a.zombie(), "released: a zombie now, " + a);
            warnings = null;
            linux.close();
            warnings = linux.warnings();
        }
        assertEquals(List.of(), warnings);
        assertEquals(before, settledCount(before));
    }

    /** The comparison sees the hang coming in the model's state and does not run it on Linux. */
    @Test
    void theComparisonPredictsTheHangAndStopsBeforeIt() throws Exception {
        long before = helperProcesses();
        String scenario = "host fork a newpid\na fork b\nb setpgid\na setpgid a b\na exit 0\n";
        try (CrLinux linux = CrLinux.start(Duration.ofSeconds(5))) {
            LinuxComparison.Outcome o = LinuxComparison.compare(
                    org.croracle.impl.scenario.ScenarioParser.parse("hang.crs", scenario),
                    org.croracle.impl.syscall.KernelConfig.defaults(), linux);
            assertTrue(o.agrees(), o.summary());
            assertEquals(4, o.operations());
            assertTrue(o.stop().contains(LinuxComparison.HANG) && o.stop().contains("predicted"), o.stop());
        }
        assertEquals(before, settledCount(before));
    }

    @Test
    void killingTheHelperLeavesNothing() throws Exception {
        long before = helperProcesses();
        CrLinux linux = CrLinux.start(Duration.ofSeconds(5));
        try {
            buildTree(linux);
            linux.kill(); // SIGKILL: no cleanup code of its own runs
            assertEquals(before, settledCount(before));
        } finally {
            linux.close();
        }
    }
}
