package org.croracle.oracle.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The freezer on Linux, and that no freezer cgroup (nor process) a run makes outlives it: after
 * quit, after the helper's own timeout, after a SIGKILL of the helper (its watchdog removes them),
 * after a SIGKILL of the Java side (the helper sees its stdin end), and when even the watchdog was
 * killed (the next run removes what is left).
 */
class CrLinuxCgroupTest {

    static final Path FREEZER = Path.of("/sys/fs/cgroup/freezer");

    @BeforeEach
    void needFreezer() {
        LinuxHere.assume();
        if (!Files.isDirectory(FREEZER)) {
            System.out.println("[linux] skipped: no cgroup v1 freezer at " + FREEZER);
        }
        Assumptions.assumeTrue(Files.isDirectory(FREEZER), "no cgroup v1 freezer at " + FREEZER);
    }

    /** The helpers' cgroup directories (crlinux.PID.START) and the cgroups in them. */
    static List<Path> cgroupDirs() {
        if (!Files.isDirectory(FREEZER)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(FREEZER, 2)) {
            return s.filter(Files::isDirectory).filter(p -> !p.equals(FREEZER))
                    .filter(p -> FREEZER.relativize(p).getName(0).toString().startsWith("crlinux.")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> settledDirs(int expected) throws InterruptedException {
        List<Path> d = cgroupDirs();
        for (int i = 0; i < 500 && d.size() != expected; i++) {
            Thread.sleep(10);
            d = cgroupDirs();
        }
        return d;
    }

    /** A container in cgroup box: c (pid 1 of its namespace) and two children; box frozen. */
    static void frozenContainer(CrLinux linux) {
        assertTrue(linux.op("fork host c newpid cgroup=box").ok());
        assertTrue(linux.op("fork c d").ok());
        assertTrue(linux.op("fork d e").ok());
        CrLinux.Answer a = linux.op("freeze box");
        assertEquals("ok FROZEN", a.toString());
    }

    @Test
    void freezeAndThawShowOnEveryTask() {
        try (CrLinux linux = CrLinux.start(Duration.ofSeconds(5))) {
            frozenContainer(linux);
            List<LinuxTask> tasks = linux.report();
            assertTrue(tasks.stream().filter(t -> t.cgroup().equals("box")).allMatch(LinuxTask::frozen), tasks.toString());
            assertFalse(tasks.stream().filter(t -> t.label().equals("host")).findFirst().orElseThrow().frozen());
            assertTrue(linux.op("kill host 3 9").ok()); // a frozen task takes SIGKILL only when thawed
            LinuxTask d = linux.report().stream().filter(t -> t.label().equals("d")).findFirst().orElseThrow();
            assertTrue(d.frozen() && !d.zombie(), d.toString());
            assertEquals("ok THAWED", linux.op("thaw box").toString());
            d = linux.report().stream().filter(t -> t.label().equals("d")).findFirst().orElseThrow();
            assertTrue(d.zombie() && d.exitSignal() == 9, d.toString());
            assertEquals("ENOENT", linux.op("freeze nosuch").errno());
        } catch (CrLinux.Unavailable e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void quitRemovesTheCgroups() throws Exception {
        int before = cgroupDirs().size();
        long procs = CrLinuxCleanupTest.helperProcesses();
        try (CrLinux linux = CrLinux.start(Duration.ofSeconds(5))) {
            frozenContainer(linux);
            assertEquals(before + 2, cgroupDirs().size(), "the helper's directory and box: " + cgroupDirs());
        }
        assertEquals(before, settledDirs(before).size());
        assertEquals(procs, CrLinuxCleanupTest.settledCount(procs));
    }

    @Test
    void theHelpersOwnTimeoutRemovesTheCgroups() throws Exception {
        int before = cgroupDirs().size();
        long procs = CrLinuxCleanupTest.helperProcesses();
        try (CrLinux linux = CrLinux.start(Duration.ofMillis(300))) {
            frozenContainer(linux);
            CrLinux.Failure f = assertThrows(CrLinux.Failure.class, () -> linux.op("pause host 5000"));
            assertTrue(f.getMessage().contains("timeout"), f.getMessage());
        }
        assertEquals(before, settledDirs(before).size());
        assertEquals(procs, CrLinuxCleanupTest.settledCount(procs));
    }

    @Test
    void aSigkilledHelpersWatchdogRemovesTheCgroupsAndTheFrozenTasksDie() throws Exception {
        int before = cgroupDirs().size();
        long procs = CrLinuxCleanupTest.helperProcesses();
        CrLinux linux = CrLinux.start(Duration.ofSeconds(5));
        try {
            frozenContainer(linux);
            linux.kill(); // SIGKILL: no cleanup of its own; host's namespace dies once box is thawed
            assertEquals(before, settledDirs(before).size(), "left: " + cgroupDirs());
            assertEquals(procs, CrLinuxCleanupTest.settledCount(procs));
        } finally {
            linux.close();
        }
    }

    @Test
    void aSigkilledJavaSideLeavesNothing() throws Exception {
        int before = cgroupDirs().size();
        long procs = CrLinuxCleanupTest.helperProcesses();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), FrozenContainerHolder.class.getName())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("frozen", out.readLine());
            assertEquals(before + 2, cgroupDirs().size());
            jvm.destroyForcibly(); // SIGKILL of the JVM: the helper sees its stdin end and cleans up
            assertTrue(jvm.waitFor(10, TimeUnit.SECONDS));
            assertEquals(before, settledDirs(before).size(), "left: " + cgroupDirs());
            assertEquals(procs, CrLinuxCleanupTest.settledCount(procs));
        } finally {
            jvm.destroyForcibly();
        }
    }

    /**
     * What even the watchdog could not remove (it was killed too) is removed by the next run: a
     * directory named for a controller that is gone, with a frozen cgroup holding a process.
     */
    @Test
    void theNextRunRemovesACgroupLeftByAControllerThatIsGone() throws Exception {
        Path stale = FREEZER.resolve("crlinux.999999999.1");
        Path box = stale.resolve("box");
        Files.createDirectories(box);
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        try {
            Files.writeString(box.resolve("cgroup.procs"), Long.toString(sleeper.pid()));
            Files.writeString(box.resolve("freezer.state"), "FROZEN");
            try (CrLinux linux = CrLinux.start(Duration.ofSeconds(5))) {
                assertFalse(Files.exists(stale), "the stale directory is gone once a helper started");
            }
            assertTrue(sleeper.waitFor(5, TimeUnit.SECONDS), "the frozen process of the stale cgroup was killed");
        } finally {
            sleeper.destroyForcibly();
            if (Files.exists(box)) {
                Files.writeString(box.resolve("freezer.state"), "THAWED");
                sleeper.waitFor(5, TimeUnit.SECONDS);
                Files.deleteIfExists(box);
                Files.deleteIfExists(stale);
            }
        }
    }
}
