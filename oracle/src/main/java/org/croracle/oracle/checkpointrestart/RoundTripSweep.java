package org.croracle.oracle.checkpointrestart;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.croracle.oracle.trace.TraceShrinker;

/** Many round trips over random trees; counts failures and shrinks the first few. */
public final class RoundTripSweep {
    private RoundTripSweep() {}

    /** What a sweep found. */
    public record Report(int runs, int failures, int largestTree, List<String> minimalFailures,
                         List<List<String>> minimalScenarios, double seconds) {
    }

    public static Report run(int runs, long seed, int maxTasks, int keep) {
        long t0 = System.nanoTime();
        int failures = 0;
        int largest = 0;
        List<String> minimal = new ArrayList<>();
        List<List<String>> scenarios = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
            int len = 20 + r.nextInt(400);
            List<Integer> codes = new ArrayList<>();
            for (int k = 0; k < len; k++) {
                codes.add(r.nextInt(RoundTrip.KINDS * 1024));
            }
            RoundTrip.Outcome o = RoundTrip.run(codes, maxTasks);
            largest = Math.max(largest, o.tasks());
            if (!o.ok()) {
                failures++;
                if (minimal.size() < keep) {
                    List<Integer> m = TraceShrinker.shrink(codes, c -> !RoundTrip.run(c, maxTasks).ok());
                    RoundTrip.Outcome mo = RoundTrip.run(m, maxTasks);
                    minimal.add("run " + i + ": " + mo.problem() + "\n    codes " + m + "\n    operations " + mo.script());
                    scenarios.add(mo.crs());
                }
            }
        }
        return new Report(runs, failures, largest, minimal, scenarios, (System.nanoTime() - t0) / 1e9);
    }
}
