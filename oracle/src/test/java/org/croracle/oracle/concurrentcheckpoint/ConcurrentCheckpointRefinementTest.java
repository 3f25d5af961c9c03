package org.croracle.oracle.concurrentcheckpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.Conformance;
import org.croracle.oracle.trace.StepTable;
import org.croracle.oracle.trace.TraceAssertions;
import org.croracle.oracle.trace.TraceResult;
import org.croracle.oracle.trace.TraceRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random races of container checkpoints with the world outside the container: every step of every
 * call, and every outside call between them, is ConcurrentCheckpoint.tla's action with the
 * kernel's arguments, and the races reach the call's verdicts and the world's actions.
 */
class ConcurrentCheckpointRefinementTest {

    static SpecOracle oracle;
    static TraceRunner runner;

    @BeforeAll
    static void load() {
        oracle = new ConcurrentCheckpointSuite().loadOracle(Path.of(System.getProperty("cr.specs", "../specs")));
        runner = new ConcurrentCheckpointSuite().runner(oracle);
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    @Test
    void everyStepOfEveryRaceRefinesTheSpec() {
        qt().withFixedSeed(20261207L).withExamples(150).withShrinkCycles(50)
                .forAll(lists().of(integers().between(0, runner.workload().codeBound() - 1)).ofSizeBetween(0, 60))
                .checkAssert(codes -> TraceAssertions.assertConforms(runner, codes));
    }

    @Test
    void theRacesReachTheVerdictsAndTheWorldsActions() {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            TraceResult r = runner.run(Conformance.codes(runner.workload(), 60, new SplittableRandom(i)));
            assertTrue(r.conforms(), () -> StepTable.render(r));
            r.steps().forEach(cs -> cs.checks().forEach(c -> {
                if (c.action() != null) {
                    counts.merge(c.action().name(), 1, Integer::sum);
                }
            }));
        }
        // ScanBusy and ScanChanged are unreachable (nothing in the cgroup moves or forks once the
        // gate holds it, and both walks follow the gate). NotVisited needs three calls of the one
        // outside task that shares the tree's table in the window between collect and the leak
        // check, in a world where its file is in the tree twice: race-not-visited.crs plays it;
        // random races reach it too rarely to count on. ReverseLeak needs two, and is rare.
        for (String a : List.of("Begin", "BeginBusy", "Scan1", "Scan2", "Collect", "LeakCheckPasses", "LeakFound",
                "DumpTask", "ReverseLeak", "VisitCheck", "WriteTail", "End", "Install", "CloseIn", "ProcOpen",
                "ShareFiles", "CopyFiles", "TreeFork", "TreeForkCopy", "Exit", "Thaw", "Freeze")) {
            assertTrue(counts.getOrDefault(a, 0) > 0, a + " never exercised: " + counts);
        }
        assertTrue(counts.get("LeakFound") >= 100 && counts.get("WriteTail") >= 100, counts::toString);
    }
}
