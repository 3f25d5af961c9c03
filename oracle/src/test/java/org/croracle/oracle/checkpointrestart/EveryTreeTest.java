package org.croracle.oracle.checkpointrestart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EveryTreeTest {

    @Test
    void twoTasksGiveTlcsFlaglessWorld() {
        EveryTree.Report r = EveryTree.run(EveryTree.Options.of(2, false).withProgress(System.err::println));
        System.err.println(r.distinct() + " distinct, " + r.states() + " generated, depth " + r.depth() + ", trees " + r.trees()
                + ", " + r.roundTrips() + " round trips, " + r.failed() + " failed, " + r.seconds() + " s " + r.failures());
        assertEquals(666, r.distinct());
        assertTrue(r.ok(), r.failures().toString());
    }
}
