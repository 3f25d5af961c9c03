package org.croracle.oracle.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.croracle.impl.scenario.Scenario;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The snapshot of a tree the helper built from a scenario equals the image the simulated kernel's
 * checkpoint writes for the same scenario, fact for fact where both know the fact: pid vectors,
 * parents, sessions, groups, states and exit status, uid, gid, blocked and pending signals,
 * signal dispositions (the subreaper flag, which /proc does not show, is not in the scenario).
 */
class LiveSnapshotModelTest {

    private static final String SCENARIO = """
            host fork init newpid cgroup=box
            init fork a
            a setsid
            a fork b
            b setpgid
            b fork c
            c exit 3
            init fork d
            d sigmask block SIGUSR1
            d sigaction SIGTERM ignore
            d sigaction SIGUSR2 handle
            d gid 100
            d uid 1000
            init fork e newpid
            e fork f
            f setpgid
            init fork g
            g kill g SIGKILL
            freeze box
            checkpoint init image=snap
            """;

    @BeforeEach
    void needLinux() {
        LinuxHere.assume();
        String why = LiveSnapshotHere.reason();
        if (why != null) {
            System.out.println("[linux] skipped: " + why);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(why == null, () -> "a snapshot cannot run here: " + why);
    }

    /** The pid in this reader's namespace of the helper's task with this host-namespace pid. */
    static int inReaderNamespace(CrLinux linux, int hostPid) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(f -> f.getFileName().toString().matches("\\d+")).toList()) {
                int pid = Integer.parseInt(p.getFileName().toString());
                try {
                    LiveProc.Task t = LiveProc.read(pid, false);
                    if (t.nspid().size() >= 2 && t.nspid().get(1) == hostPid && descendsFrom(pid, (int) linux.pid())) {
                        return pid;
                    }
                } catch (LiveProc.Vanished v) {
                    // not ours
                }
            }
        }
        throw new AssertionError("no task with host pid " + hostPid);
    }

    private static boolean descendsFrom(int pid, int ancestor) {
        Map<Integer, Integer> parents = LiveProc.parents();
        for (Integer p = pid; p != null && p > 0; p = parents.get(p)) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aSnapshotOfAHelperBuiltTreeEqualsTheSimulatedKernelsImage() throws Exception {
        Scenario scenario = ScenarioParser.parse("snapshot-vs-model.crs", SCENARIO);
        ScenarioResult model = ScenarioRunner.run(new Kernel(KernelConfig.defaults()), scenario);
        assertTrue(model.passed(), model.failures().toString());
        byte[] modelImage = model.images().get("snap");
        assertNotNull(modelImage);
        try (CrLinux linux = CrLinux.start(Duration.ofSeconds(5))) {
            LinuxComparison.Outcome o = LinuxComparison.compare(scenario, KernelConfig.defaults(), linux);
            assertTrue(o.agrees(), o.summary());
            int init = linux.report().stream().filter(t -> t.label().equals("init")).findFirst().orElseThrow().pid();
            int root = inReaderNamespace(linux, init);

            LiveSnapshot.Outcome snap = LiveSnapshot.take(root, LiveSnapshot.Freeze.OWN_CGROUP, 5000);
            assertTrue(snap.ok(), snap.error() + "\n" + String.join("\n", snap.log()));
            System.out.println(String.join("\n", snap.log()));
            assertTrue(snap.container(), "init is pid 1 of its namespace");
            assertTrue(snap.log().stream().anyMatch(l -> l.contains("was FROZEN already")), snap.log().toString());

            String[] why = new String[1];
            List<String> fromProc = LinuxImage.facts(snap.image(), why, true);
            assertNotNull(fromProc, why[0]);
            List<String> fromModel = LinuxImage.facts(modelImage, why);
            assertNotNull(fromModel, why[0]);
            assertEquals(fromModel.size(), fromProc.size());
            assertEquals(null, LinuxImage.firstDifference(fromProc, fromModel, "snapshot", "model"));
            assertEquals(fromModel, fromProc);
        }
    }
}
