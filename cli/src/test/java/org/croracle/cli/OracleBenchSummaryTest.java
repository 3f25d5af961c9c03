package org.croracle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The oracle benchmark's summary: one row per spec, each goal met or the factor still missing. */
class OracleBenchSummaryTest {

    @Test
    void eachGoalIsMetOrShortByAFactor() {
        String table = OracleBench.summary(List.of(
                new OracleBench.Comparison("freeze", 60_000, 55_000, 10),
                new OracleBench.Comparison("eclone", 25_000, 20_000, 40),
                new OracleBench.Comparison("restart", 5_000, Double.NaN, Double.NaN)));
        List<String> rows = table.lines().toList();
        assertEquals(4, rows.size(), table);
        assertTrue(rows.get(0).contains("goal: >= 50,000 steps/s") && rows.get(0).contains("goal: >= 1,000x"), table);
        assertTrue(rows.get(1).matches("freeze +60,000 +55,000 +10\\.0 +5,500x +met +met"), rows.get(1));
        assertTrue(rows.get(2).matches("eclone +25,000 +20,000 +40\\.0 +500x +2\\.0x short +2\\.0x short"), rows.get(2));
        assertTrue(rows.get(3).matches("restart +5,000 +- +- +- +10\\.0x short +not measured"), rows.get(3));
    }
}
