package org.croracle.cli;

import static org.croracle.cli.MainTest.assertUserError;
import static org.croracle.cli.MainTest.cr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code ./cr roundtrip --every-tree N --flagless --against-tlc}: the Java engine's world against TLC's. */
class EveryTreeCommandTest {

    @Test
    void theFlaglessWorldOfTwoTasksIsTlcsStateForState() {
        MainTest.Run r = cr("roundtrip", "--every-tree", "2", "--flagless", "--against-tlc", "--quiet");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("TLC: 666 distinct states, depth 11"), r.out());
        assertTrue(r.out().contains("the engine and TLC reach the same 666 states"), r.out());
    }

    @Test
    void optionsThatDoNotGoTogetherAreRefused() {
        assertUserError(cr("roundtrip", "--against-tlc"), "--against-tlc goes with --every-tree N");
        assertUserError(cr("roundtrip", "--every-tree", "2", "--against-tlc"), "add --flagless");
        assertUserError(cr("roundtrip", "--every-tree", "2", "--runs", "5"), "--runs is for random trees");
        assertUserError(cr("roundtrip", "--every-tree", "2", "--flagless", "--against-tlc", "--mutant",
                "PLANNER_FORGETS_BORN_BEFORE_SETSID"), "it takes no --mutant nor --save");
    }
}
