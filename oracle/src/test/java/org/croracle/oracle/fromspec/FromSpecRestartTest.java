package org.croracle.oracle.fromspec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.mutants.Mutant;
import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.restart.RestartBinding;
import org.croracle.oracle.restart.RestartDriver;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.tlc.SpecOracle;
import org.junit.jupiter.api.Test;

/** Restart.tla's behaviours, one restart() per tree the driver builds, replayed on the kernel. */
class FromSpecRestartTest {

    private static final SpecSuite SUITE = Specs.named("restart").orElseThrow();

    @Test
    void everyTreesRestartReplaysWithoutDivergenceAndTakesEveryAction() {
        try (SpecOracle model = SUITE.loadOracle(Specs.root()); SpecOracle checker = SUITE.loadOracle(Specs.root())) {
            FromSpec.Report r = new FromSpec(new RestartDriver(), model, checker, new RestartBinding(),
                    RestartDriver.ACTIONS).run(60, 20, 60, 3);
            System.out.printf("[fromspec] restart: %d behaviours (%d exhaustive), %d steps, %s, coverage %s%n",
                    r.behaviours(), r.exhaustive(), r.steps(), r.elapsed(), r.coverage());
            assertTrue(r.conforms(), () -> r.divergence().toString());
            r.coverage().forEach((a, n) -> assertTrue(n > 0, a + " never taken: " + r.coverage()));
        }
    }

    @Test
    void ghostsThatExitBeforeTheRestoreDiverge() {
        KernelConfig broken = Mutant.GHOSTS_EXIT_BEFORE_RESTORE.plant(KernelConfig.defaults());
        try (SpecOracle model = SUITE.loadOracle(Specs.root()); SpecOracle checker = SUITE.loadOracle(Specs.root())) {
            FromSpec.Report r = new FromSpec(new RestartDriver(broken), model, checker, new RestartBinding(),
                    RestartDriver.ACTIONS).run(60, 0, 0, 3);
            System.out.printf("[fromspec] GHOSTS_EXIT_BEFORE_RESTORE: %s%n", r.conforms() ? "missed"
                    : "caught after " + r.behaviours() + " behaviours:\n" + r.divergence());
            assertFalse(r.conforms(), "ghosts that exit before the restore were not caught");
            assertTrue(r.divergence().reason().contains("GhostExit"), r.divergence().reason());
            assertTrue(r.behaviours() < 116, "caught only after " + r.behaviours() + " behaviours");
        }
    }

    @Test
    void aRestartThatSplitsASharedFdTableDiverges() {
        KernelConfig broken = Mutant.RESTORE_SPLITS_SHARED_FD_TABLE.plant(KernelConfig.defaults());
        try (SpecOracle model = SUITE.loadOracle(Specs.root()); SpecOracle checker = SUITE.loadOracle(Specs.root())) {
            FromSpec.Report r = new FromSpec(new RestartDriver(broken), model, checker, new RestartBinding(),
                    RestartDriver.ACTIONS).run(60, 0, 0, 3);
            System.out.printf("[fromspec] RESTORE_SPLITS_SHARED_FD_TABLE: %s%n", r.conforms() ? "missed"
                    : "caught after " + r.behaviours() + " behaviours:\n" + r.divergence());
            assertFalse(r.conforms(), "a restart that splits a shared fd table was not caught");
            // the second task of the shared table restores with a table of its own: objs differs from the image
            assertTrue(r.divergence().reason().contains("RestoreTask") && r.divergence().reason().contains("objs"),
                    r.divergence().reason());
            assertTrue(r.behaviours() < 140, "caught only after " + r.behaviours() + " behaviours");
        }
    }
}
