package org.croracle.oracle.sharedobjects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.Conformance;
import org.croracle.oracle.trace.StepTable;
import org.croracle.oracle.trace.TraceAssertions;
import org.croracle.oracle.trace.TraceResult;
import org.croracle.oracle.trace.TraceRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random trees with random sharing (objects held by host or not), frozen and checkpointed as
 * containers, subtrees and self checkpoints: every step of every call is checked against
 * SharedObjects.tla, and every image the calls write is audited (the workload throws on a bad
 * one: objrefs defined once and before use, the same objects as the spec saw).
 */
class SharedObjectsRefinementPropertyTest {

    static SpecOracle oracle;
    static TraceRunner runner;

    @BeforeAll
    static void load() {
        oracle = new SharedObjectsSuite().loadOracle(Path.of(System.getProperty("cr.specs", "../specs")));
        runner = new SharedObjectsSuite().runner(oracle);
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    static Gen<List<Integer>> traces() {
        return lists().of(integers().between(0, runner.workload().codeBound() - 1)).ofSizeBetween(0, 60);
    }

    @Test
    void everyCheckpointStepRefinesSharedObjectsAndEveryImageIsSound() {
        qt().withFixedSeed(20261129L).withExamples(300).withShrinkCycles(50)
                .forAll(traces())
                .checkAssert(codes -> TraceAssertions.assertConforms(runner, codes));
    }

    @Test
    void theWorkloadReachesEveryActionAndEveryOutcome() {
        TreeSet<String> seen = new TreeSet<>();
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < 400; i++) {
            TraceResult r = runner.run(Conformance.codes(runner.workload(), 60, new SplittableRandom(i)));
            assertTrue(r.conforms(), () -> StepTable.render(r));
            r.steps().forEach(cs -> cs.checks().forEach(c -> {
                if (c.action() != null) {
                    seen.add(c.action().name());
                    counts.merge(c.action().name(), 1, Integer::sum);
                }
            }));
        }
        assertEquals(new TreeSet<>(new SharedObjectsBinding().actionNames()), seen,
                "actions never exercised by the workload: " + counts);
        // Both verdicts of the leak check are common, not freak events.
        assertTrue(counts.get("LeakFound") >= 20 && counts.get("LeakCheckPasses") >= 20, counts::toString);
    }
}
