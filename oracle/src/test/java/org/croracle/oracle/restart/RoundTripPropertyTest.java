package org.croracle.oracle.restart;

import org.croracle.oracle.checkpointrestart.RoundTrip;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The round-trip theorem on the implementation: any tree the process operations build (sessions,
 * groups, zombies, orphans, subreapers, CLONE_PARENT, nested namespaces, shared and private
 * objects), frozen, checkpointed, destroyed and restarted, comes back equal.
 */
class RoundTripPropertyTest {

    @Test
    void everyTreeComesBackEqual() {
        qt().withFixedSeed(20261129L).withExamples(500).withShrinkCycles(100)
                .forAll(lists().of(integers().between(0, RoundTrip.KINDS * 1024 - 1)).ofSizeBetween(0, 120))
                .checkAssert(codes -> assertRoundTrips(codes));
    }

    @Test
    void largeTreesOfSixtyTasksComeBackEqual() {
        SplittableRandom random = new SplittableRandom(60);
        int big = 0;
        for (int i = 0; i < 20; i++) {
            List<Integer> codes = new ArrayList<>();
            for (int k = 0; k < 700; k++) { // about one code in eight forks; kills and exits take some back
                codes.add(random.nextInt(RoundTrip.KINDS * 1024));
            }
            big = Math.max(big, assertRoundTrips(codes).tasks());
        }
        assertTrue(big >= 50, "the largest tree had " + big + " tasks");
    }

    /** Round-trips the tree; on a failure, shrinks the codes to a minimal tree that still fails. */
    static RoundTrip.Outcome assertRoundTrips(List<Integer> codes) {
        RoundTrip.Outcome o = RoundTrip.run(codes, 60);
        if (!o.ok()) {
            List<Integer> minimal = org.croracle.oracle.trace.TraceShrinker.shrink(codes, c -> !RoundTrip.run(c, 60).ok());
            RoundTrip.Outcome m = RoundTrip.run(minimal, 60);
            try { // a replayable scenario for regressions/
                java.nio.file.Path dir = java.nio.file.Path.of("target", "regressions");
                java.nio.file.Files.createDirectories(dir);
                java.nio.file.Files.write(dir.resolve("roundtrip-" + Math.abs(minimal.hashCode()) + ".crs"), m.crs());
            } catch (java.io.IOException e) {
                // the assertion below still reports the failure
            }
            throw new AssertionError("round trip failed; minimal codes " + minimal + ":\n" + m.problem()
                    + "\nscript: " + m.script());
        }
        return o;
    }
}
