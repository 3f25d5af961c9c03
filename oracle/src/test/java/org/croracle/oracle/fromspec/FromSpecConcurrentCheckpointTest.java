package org.croracle.oracle.fromspec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.concurrentcheckpoint.ConcurrentCheckpointBinding;
import org.croracle.oracle.concurrentcheckpoint.ConcurrentCheckpointDriver;
import org.croracle.oracle.mutants.Mutant;
import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.tlc.SpecOracles;
import org.junit.jupiter.api.Test;

/**
 * ConcurrentCheckpoint.tla's behaviours replayed on the kernel: every behaviour of the race worlds
 * (each race's outside calls in its window of the call), then random walks of the open worlds.
 */
class FromSpecConcurrentCheckpointTest {

    private static final SpecSuite SUITE = Specs.named("concurrentcheckpoint").orElseThrow();

    /** The generating model: each action as Next takes it. */
    private static SpecOracle model() {
        return SpecOracles.load(SUITE.dir(Specs.root()), "FromSpecConcurrentCheckpoint", "FromSpecConcurrentCheckpoint.cfg",
                List.of());
    }

    @Test
    void theRacesAndTheOpenWorldsReplayWithoutDivergenceAndTakeEveryAction() {
        try (SpecOracle model = model(); SpecOracle checker = SUITE.loadOracle(Specs.root())) {
            FromSpec.Report r = new FromSpec(new ConcurrentCheckpointDriver(), model, checker,
                    new ConcurrentCheckpointBinding(), ConcurrentCheckpointDriver.ACTIONS).run(20, 200, 30, 1);
            System.out.printf("[fromspec] concurrentcheckpoint: %d behaviours (%d exhaustive), %d steps, %s, coverage %s%n",
                    r.behaviours(), r.exhaustive(), r.steps(), r.elapsed(), r.coverage());
            assertTrue(r.conforms(), () -> r.divergence().toString());
            r.coverage().forEach((a, n) -> assertTrue(n > 0, a + " never taken: " + r.coverage()));
        }
    }

    /**
     * A dump that writes an object collect never saw (linux-cr without its reverse-leak check):
     * the race world where a sharer installs a file in the tree's table after collect and exits
     * reaches the spec's ReverseLeak, and the kernel dumps the task instead.
     */
    @Test
    void aDumpWithoutTheReverseLeakCheckDiverges() {
        KernelConfig broken = Mutant.REVERSE_LEAK_UNCHECKED.plant(KernelConfig.defaults());
        try (SpecOracle model = model(); SpecOracle checker = SUITE.loadOracle(Specs.root())) {
            FromSpec.Report r = new FromSpec(new ConcurrentCheckpointDriver(broken), model, checker,
                    new ConcurrentCheckpointBinding(), ConcurrentCheckpointDriver.ACTIONS).run(20, 0, 0, 1);
            System.out.printf("[fromspec] REVERSE_LEAK_UNCHECKED: %s%n", r.conforms() ? "missed"
                    : "caught after " + r.behaviours() + " behaviours:\n" + r.divergence());
            assertFalse(r.conforms(), "a dump without the reverse-leak check was not caught");
            assertTrue(r.divergence().behaviour().get(r.divergence().behaviour().size() - 1).name().equals("ReverseLeak"),
                    r.divergence().toString());
        }
    }
}
