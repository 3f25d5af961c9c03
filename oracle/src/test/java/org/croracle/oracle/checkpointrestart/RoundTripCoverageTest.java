package org.croracle.oracle.checkpointrestart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The round trip's random trees exercise every fact {@code expect same} compares and every field
 * of the image, as ./cr roundtrip's coverage table shows them; one plain tree does not.
 */
class RoundTripCoverageTest {

    @Test
    void theRandomTreesExerciseEveryFactAndField() {
        RoundTripSweep.Report r = RoundTripSweep.run(200, 1, 60, 1);
        assertEquals(0, r.failures(), r.minimalFailures()::toString);
        // Threads are not generated: restart rebuilds every task as a process of its own.
        assertEquals(List.of("image: Tree.entries[].tgid"), r.coverage().uncovered());
        assertTrue(r.coverage().trees() > 150, () -> r.coverage().trees() + " trees checkpointed");
    }

    @Test
    void aPlainTreeLeavesFactsAndFieldsUncovered() {
        RoundTripCoverage c = new RoundTripCoverage();
        RoundTrip.Outcome o = RoundTrip.run(List.of(0, 0), 60); // two plain forks
        assertTrue(o.ok(), o::problem);
        c.add(o);
        assertEquals(1, c.trees());
        List<String> missing = c.uncovered();
        for (String f : List.of("tree: zombie killed by a signal", "tree: fd with close-on-exec", "tree: file offset other than 0",
                "tree: uid other than 0", "tree: gid other than 0", "tree: orphan adopted by a subreaper above its parent",
                "image: FileTable.fds[].cloexec", "image: File.position", "image: Tree.entries[].exitSignal", "image: Task.uid")) {
            assertTrue(missing.contains(f), () -> f + " not among " + missing);
        }
        assertTrue(!missing.contains("image: Tree.entries[].pid") && !missing.contains("image: Header.arch"), missing::toString);
    }
}
