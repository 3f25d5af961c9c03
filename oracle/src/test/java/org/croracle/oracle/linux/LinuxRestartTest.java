package org.croracle.oracle.linux;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.mutants.Mutant;
import org.croracle.impl.scenario.ScenarioParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Restart on the real kernel: the planner's plan carried out by the helper, and a planted planner bug caught there. */
class LinuxRestartTest {

    @BeforeEach
    void needLinux() {
        LinuxHere.assume();
    }

    static LinuxComparison.Outcome compare(String file, KernelConfig config) throws Exception {
        Path f = LinuxExamplesTest.ROOT.resolve(file);
        try (CrLinux linux = CrLinux.start(Duration.ofSeconds(5))) {
            return LinuxComparison.compare(ScenarioParser.parse(f.toString(), Files.readString(f)), config, linux);
        }
    }

    /**
     * Every example that checkpoints and restarts runs to its end on Linux (its expect same on the
     * real tree included), or stops at a line mainline cannot run, named: a plan mainline refuses,
     * a self checkpoint, RESTART_TASKSELF, a corrupted image, a fault injected into restart(), a
     * thread (the helper drives processes only).
     */
    @Test
    void everyCheckpointRestartExampleRunsToItsEndOnLinuxOrStopsForANamedReason() throws Exception {
        java.util.List<String> named = java.util.List.of("refused on Linux: " + LinuxRestart.MAINLINE,
                "a self checkpoint", "RESTART_TASKSELF", "corrupted images",
                "fault injection into restart()", "a thread (CLONE_THREAD)");
        int whole = 0;
        for (Path f : LinuxExamplesTest.scenarios(LinuxExamplesTest.ROOT.resolve("examples"))) {
            String text = Files.readString(f);
            if (!text.contains("\nrestart ") && !text.contains(" restart ")) {
                continue;
            }
            LinuxComparison.Outcome o = compare("examples/" + f.getFileName(), KernelConfig.defaults());
            System.out.println("[linux] " + o.summary());
            assertTrue(o.agrees(), o.summary());
            assertTrue(o.stop() == null || named.stream().anyMatch(o.stop()::contains), o.summary());
            whole += o.stop() == null ? 1 : 0;
        }
        assertTrue(whole >= 9, whole + " examples with a restart ran to their end on Linux");
    }

    @Test
    void theBriefsExampleMakesTheWholeRoundTripOnLinux() throws Exception {
        LinuxComparison.Outcome o = compare("examples/restart-brief-example.crs", KernelConfig.defaults());
        assertTrue(o.agrees() && o.stop() == null, o.summary());
    }

    /**
     * A planner that creates a child after its parent's setsid, where the child was born before it
     * (and so is in its grandparent's session): its own replay of the plan refuses the tree, so the
     * restart fails on both kernels for a tree that exists on Linux, and the round trip on Linux
     * says the tree did not come back.
     */
    @Test
    void aPlannerThatForgetsBornBeforeSetsidIsCaughtOnLinux() throws Exception {
        KernelConfig broken = Mutant.PLANNER_FORGETS_BORN_BEFORE_SETSID.plant(KernelConfig.defaults());
        LinuxComparison.Outcome o = compare("examples/restart-brief-example.crs", broken);
        System.out.println("[linux] with the planted planner bug: " + o.summary());
        assertTrue(o.stop() != null && o.stop().contains("restart"), o.summary());
        assertTrue(LinuxRoundTrip.classify(o).verdict() == LinuxRoundTrip.Verdict.WRONG, o.summary());
        LinuxRoundTrip trip = new LinuxRoundTrip(broken, Duration.ofSeconds(5));
        int wrong = 0;
        java.util.Random random = new java.util.Random(1);
        for (int n = 0; n < 200 && wrong == 0; n++) {
            java.util.List<Integer> codes = new java.util.ArrayList<>();
            for (int k = 0; k < 18; k++) {
                codes.add(random.nextInt(1 << 20));
            }
            if (trip.run(codes).verdict() == LinuxRoundTrip.Verdict.WRONG) {
                wrong++;
            }
        }
        assertTrue(wrong > 0, "the random round trip on Linux finds the planted bug within 200 trees");
    }
}
