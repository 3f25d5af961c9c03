package org.croracle.oracle.freeze;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.croracle.impl.freezer.LinuxFreezer;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.fromspec.FromSpec;
import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.tlc.SpecOracles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spec-driven replay has teeth: each planted freezer bug makes it diverge. */
class FromSpecCatchesBrokenFreezersTest {

    @ParameterizedTest
    @ValueSource(strings = {"BornRunning", "IgnoresSleepers", "ThawsWhileCheckpointing"})
    void aBrokenFreezerDiverges(String bug) {
        LinuxFreezer broken = switch (bug) {
            case "BornRunning" -> new BrokenFreezers.BornRunning();
            case "IgnoresSleepers" -> new BrokenFreezers.IgnoresSleepers();
            default -> new BrokenFreezers.ThawsWhileCheckpointing();
        };
        try (SpecOracle small = SpecOracles.load(Specs.root().resolve("freeze"), "MCFreeze", "MCFreeze.cfg", List.of());
             SpecOracle checker = Specs.named("freeze").orElseThrow().loadOracle(Specs.root())) {
            FromSpec.Report r = new FromSpec(new FreezeDriver(3, KernelConfig.defaults().withFreezer(broken)), small, checker,
                    new FreezeBinding(), FreezeDriver.ACTIONS).run(4, 200, 30, 7);
            System.out.printf("[fromspec] %s: %s%n", bug, r.conforms() ? "missed" : "caught after " + r.steps() + " steps:\n"
                    + r.divergence());
            assertFalse(r.conforms(), bug + " was not caught");
        }
    }
}
