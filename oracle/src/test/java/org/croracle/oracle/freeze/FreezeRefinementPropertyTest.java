package org.croracle.oracle.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.croracle.impl.freezer.Freezer;
import org.croracle.impl.freezer.LinuxFreezer;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.Conformance;
import org.croracle.oracle.trace.StepTable;
import org.croracle.oracle.trace.TraceAssertions;
import org.croracle.oracle.trace.TraceResult;
import org.croracle.oracle.trace.TraceRunner;
import org.croracle.oracle.trace.TraceShrinker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random freezer and task operations on the kernel, every step checked against Freeze.tla. The
 * property layer is thin: QuickTheories supplies lists of codes and shrinks them; the workload
 * decodes them and the oracle decides.
 */
class FreezeRefinementPropertyTest {

    static SpecOracle oracle;

    @BeforeAll
    static void load() {
        oracle = new FreezeSuite().loadOracle(Path.of(System.getProperty("cr.specs", "../specs")));
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    static TraceRunner runner(Freezer freezer) {
        return new FreezeSuite(KernelConfig.defaults().withFreezer(freezer)).runner(oracle);
    }

    static Gen<List<Integer>> traces(TraceRunner runner) {
        return lists().of(integers().between(0, runner.workload().codeBound() - 1)).ofSizeBetween(0, 80);
    }

    static void conforms(TraceRunner runner, List<Integer> codes) {
        TraceAssertions.assertConforms(runner, codes);
    }

    @Test
    void theKernelRefinesFreezeOnRandomTraces() {
        TraceRunner runner = runner(new LinuxFreezer());
        qt().withFixedSeed(20261128L).withExamples(400).withShrinkCycles(50)
                .forAll(traces(runner))
                .checkAssert(codes -> conforms(runner, codes));
    }

    @Test
    void theRandomWorkloadReachesEveryActionOfTheSpec() {
        TraceRunner runner = runner(new LinuxFreezer());
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (int i = 0; i < 300; i++) {
            TraceResult r = runner.run(Conformance.codes(runner.workload(), 80, new SplittableRandom(i)));
            assertTrue(r.conforms(), () -> StepTable.render(r));
            r.steps().forEach(cs -> cs.checks().forEach(c -> {
                if (c.action() != null) {
                    seen.add(c.action().name());
                }
            }));
        }
        assertEquals(new java.util.TreeSet<>(new FreezeBinding().actionNames()), seen,
                "actions never exercised by the workload");
    }

    @Test
    void aBrokenFreezerIsFoundAndShrunkToTheForkThatShowsIt() {
        TraceRunner runner = runner(new BrokenFreezers.BornRunning());
        AssertionError failure = assertThrows(AssertionError.class, () ->
                qt().withFixedSeed(7L).withExamples(400).withShrinkCycles(20)
                        .forAll(traces(runner))
                        .checkAssert(codes -> conforms(runner, codes)));
        assertTrue(failure.getMessage().contains("expected action: Fork("), failure.getMessage());
    }

    @Test
    void theCommandLineShrinkerFindsTheMinimalTrace() {
        TraceRunner runner = runner(new BrokenFreezers.BornRunning());
        List<Integer> failing = null;
        for (int i = 0; failing == null && i < 500; i++) {
            List<Integer> codes = Conformance.codes(runner.workload(), 80, new SplittableRandom(i));
            if (!runner.run(codes).conforms()) {
                failing = codes;
            }
        }
        assertTrue(failing != null, "the bug was never hit");
        List<Integer> minimal = TraceShrinker.shrink(failing, c -> !runner.run(c).conforms());
        TraceResult result = runner.run(minimal);
        // Fork into a new cgroup, freeze it, fork in it: three kernel steps, the last one diverges.
        assertEquals(3, result.steps().size(), StepTable.render(result));
        assertEquals("Fork", result.divergence().orElseThrow().action().name());
    }
}
