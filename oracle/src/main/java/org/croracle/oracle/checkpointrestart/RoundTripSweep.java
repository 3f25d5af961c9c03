package org.croracle.oracle.checkpointrestart;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.trace.TraceShrinker;

/** Many round trips over random trees; counts failures and shrinks the first few. */
public final class RoundTripSweep {
    private RoundTripSweep() {}

    /** What a sweep found. */
    public record Report(int runs, int failures, int largestTree, List<String> minimalFailures,
                         List<List<String>> minimalScenarios, double seconds, RoundTripCoverage coverage,
                         int firstFailure) {
    }

    public static Report run(int runs, long seed, int maxTasks, int keep) {
        return run(runs, seed, maxTasks, keep, done -> { });
    }

    /** The same, telling {@code progress} how many trees are done after each one (for a progress line). */
    public static Report run(int runs, long seed, int maxTasks, int keep, java.util.function.IntConsumer progress) {
        return run(KernelConfig.defaults(), runs, seed, maxTasks, keep, progress);
    }

    /** The trees of {@code seed} ({@link #codes}), round-tripped on kernels built with {@code config}. */
    public static Report run(KernelConfig config, int runs, long seed, int maxTasks, int keep,
                             java.util.function.IntConsumer progress) {
        long t0 = System.nanoTime();
        int failures = 0;
        int largest = 0;
        List<String> minimal = new ArrayList<>();
        List<List<String>> scenarios = new ArrayList<>();
        RoundTripCoverage coverage = new RoundTripCoverage();
        int first = 0;
        for (int i = 0; i < runs; i++) {
            List<Integer> codes = codes(seed, i);
            RoundTrip.Outcome o = RoundTrip.run(config, codes, maxTasks);
            coverage.add(o);
            largest = Math.max(largest, o.tasks());
            if (!o.ok()) {
                failures++;
                first = first == 0 ? i + 1 : first;
                if (minimal.size() < keep) {
                    List<Integer> m = TraceShrinker.shrink(codes, c -> !RoundTrip.run(config, c, maxTasks).ok());
                    RoundTrip.Outcome mo = RoundTrip.run(config, m, maxTasks);
                    minimal.add("run " + i + ": " + mo.problem() + "\n    codes " + m + "\n    operations " + mo.script());
                    scenarios.add(mo.crs());
                }
            }
            progress.accept(i + 1);
        }
        return new Report(runs, failures, largest, minimal, scenarios, (System.nanoTime() - t0) / 1e9, coverage, first);
    }

    /** Tree {@code i} of {@code seed}: 20 to 419 codes. */
    public static List<Integer> codes(long seed, int i) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
        int len = 20 + r.nextInt(400);
        List<Integer> codes = new ArrayList<>();
        for (int k = 0; k < len; k++) {
            codes.add(r.nextInt(RoundTrip.KINDS * 1024));
        }
        return codes;
    }
}
