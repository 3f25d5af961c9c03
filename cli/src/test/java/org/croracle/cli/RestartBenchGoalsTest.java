package org.croracle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The bench's goal line for checkpoint and restart says met or by how much a figure is over. */
class RestartBenchGoalsTest {

    private static RestartBench.Row random(int tasks, double planning, double checkpoint, double restart) {
        return new RestartBench.Row(RestartBench.RANDOM, tasks, planning, checkpoint, restart);
    }

    @Test
    void eachGoalIsMetOrOverByAFactor() {
        RestartBench.Figures f = new RestartBench.Figures(List.of(
                random(1_000, 1.0, 10.0, 10.0), random(10_000, 10.0, 100.0, 100.0),
                random(100_000, 600.0, 1_500.0, 3_000.0),
                new RestartBench.Row(RestartBench.CHAIN, 100_000, 50.0, 700.0, 900.0)));
        assertEquals("restart goals, 100,000 tasks: planning < 300 ms 2.0x over, checkpoint < 2 s met, whole restart < 2 s "
                + "1.5x over; time per task at 100,000 over 1,000 (goal <= 1.3): planning 6.00 4.6x over, checkpoint 1.50 "
                + "1.2x over, whole restart 3.00 2.3x over", RestartBench.goals(f));
    }

    @Test
    void wholeRestartsNotMeasuredLeaveOnlyPlanning() {
        RestartBench.Figures f = new RestartBench.Figures(List.of(
                random(1_000, 2.0, 5.0, 5.0), random(10_000, 20.0, Double.NaN, Double.NaN),
                random(100_000, 200.0, Double.NaN, Double.NaN)));
        assertEquals("restart goals, 100,000 tasks: planning < 300 ms met; time per task at 100,000 over 1,000 "
                + "(goal <= 1.3): planning 1.00 met", RestartBench.goals(f));
    }

    @Test
    void noGoalLineWithoutTheLargestTree() {
        assertNull(RestartBench.goals(new RestartBench.Figures(List.of(random(1_000, 1.0, 1.0, 1.0)))));
    }
}
