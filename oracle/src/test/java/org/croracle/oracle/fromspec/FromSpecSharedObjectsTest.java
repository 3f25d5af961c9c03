package org.croracle.oracle.fromspec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.mutants.Mutant;
import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.sharedobjects.SharedObjectsBinding;
import org.croracle.oracle.sharedobjects.SharedObjectsDriver;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.tlc.SpecOracle;
import org.junit.jupiter.api.Test;

/** SharedObjects.tla's behaviours, one per world the driver builds, replayed on the kernel. */
class FromSpecSharedObjectsTest {

    private static final SpecSuite SUITE = Specs.named("sharedobjects").orElseThrow();

    @Test
    void everyWorldsCheckpointReplaysWithoutDivergenceAndTakesEveryAction() {
        try (SpecOracle model = SUITE.loadOracle(Specs.root()); SpecOracle checker = SUITE.loadOracle(Specs.root())) {
            FromSpec.Report r = new FromSpec(new SharedObjectsDriver(), model, checker, new SharedObjectsBinding(),
                    SharedObjectsDriver.ACTIONS).run(30, 50, 30, 3);
            System.out.printf("[fromspec] sharedobjects: %d behaviours (%d exhaustive), %d steps, %s, coverage %s%n",
                    r.behaviours(), r.exhaustive(), r.steps(), r.elapsed(), r.coverage());
            assertTrue(r.conforms(), () -> r.divergence().toString());
            assertTrue(r.exhaustive() >= 400, r.exhaustive() + " behaviours");
            r.coverage().forEach((a, n) -> assertTrue(n > 0, a + " never taken: " + r.coverage()));
        }
    }

    @Test
    void aLeakCheckThatSkipsPipesDiverges() {
        KernelConfig broken = Mutant.LEAK_CHECK_IGNORES_PIPES.plant(KernelConfig.defaults());
        try (SpecOracle model = SUITE.loadOracle(Specs.root()); SpecOracle checker = SUITE.loadOracle(Specs.root())) {
            FromSpec.Report r = new FromSpec(new SharedObjectsDriver(broken), model, checker, new SharedObjectsBinding(),
                    SharedObjectsDriver.ACTIONS).run(30, 0, 0, 3);
            System.out.printf("[fromspec] LEAK_CHECK_IGNORES_PIPES: %s%n", r.conforms() ? "missed"
                    : "caught after " + r.behaviours() + " behaviours:\n" + r.divergence());
            assertFalse(r.conforms(), "a leak check that skips pipes was not caught");
            assertTrue(r.behaviours() < 480, "caught only after " + r.behaviours() + " behaviours");
        }
    }
}
