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
        assertEquals(List.of(), r.coverage().uncovered());
        assertTrue(r.coverage().trees() > 150, () -> r.coverage().trees() + " trees checkpointed");
    }

    /**
     * Each way the round trip checkpoints (by host, with CHECKPOINT_SUBTREE, by the init itself) is
     * also a scenario that replays and holds: the scenario a failing tree would be saved as.
     */
    @Test
    void eachKindOfCheckpointReplaysAsAScenario() throws Exception {
        int k = RoundTrip.KINDS;
        for (List<Integer> codes : List.of(List.of(0, 0, 9 + k * 8), List.of(24, 0, 0, 19 + k * 3), List.of(23, 0, 0, 9 + k * 8, 20 + k * 3))) {
            RoundTrip.Outcome o = RoundTrip.run(codes, 60);
            assertTrue(o.ok(), o::problem);
            org.croracle.impl.scenario.ScenarioResult r = org.croracle.impl.scenario.ScenarioRunner.run(
                    new org.croracle.impl.syscall.Kernel(),
                    org.croracle.impl.scenario.ScenarioParser.parse("roundtrip.crs", String.join("\n", o.crs())));
            assertTrue(r.passed() && r.stoppedAt() == 0, () -> r.failures() + "\n" + String.join("\n", o.crs()));
        }
        RoundTrip.Outcome self = RoundTrip.run(List.of(23, 0, 0), 60);
        assertTrue(self.events().contains("self checkpoint of a container init (no CHECKPOINT_SUBTREE)"), self.events()::toString);
        assertTrue(self.crs().stream().anyMatch(l -> l.endsWith(" checkpoint self image=i")), self.crs()::toString);
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
                "image: FileTable.fds[].cloexec", "image: File.position", "image: Tree.entries[].exitSignal", "image: Task.uid",
                "image: Tree.entries[].tgid", "tree: thread (a task that does not lead its thread group)",
                "tree: zombie thread-group leader whose threads live")) {
            assertTrue(missing.contains(f), () -> f + " not among " + missing);
        }
        assertTrue(!missing.contains("image: Tree.entries[].pid") && !missing.contains("image: Header.arch"), missing::toString);
    }
}
