package org.croracle.oracle.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A conformance sweep: random workload traces on the implementation, every step checked against
 * the spec; the first failing trace is shrunk to a minimal one.
 */
public final class Conformance {
    private Conformance() {}

    /** What a sweep did: traces run, steps checked, time, and the shrunk failing trace if any. */
    public record Report(int traces, long checkedSteps, Duration elapsed, Optional<TraceResult> failure) {
        public boolean conforms() {
            return failure.isEmpty();
        }

        public double stepsPerSecond() {
            return checkedSteps / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }
    }

    public static Report run(TraceRunner runner, int traces, int stepsPerTrace, long seed) {
        long start = System.nanoTime();
        long checked = 0;
        for (int i = 0; i < traces; i++) {
            List<Integer> codes = codes(runner.workload(), stepsPerTrace, new SplittableRandom(seed + i));
            TraceResult result = runner.run(codes);
            checked += result.checkedSteps();
            if (!result.conforms()) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                List<Integer> minimal = TraceShrinker.shrink(codes, c -> !runner.run(c).conforms());
                return new Report(i + 1, checked, elapsed, Optional.of(runner.run(minimal)));
            }
        }
        return new Report(traces, checked, Duration.ofNanos(System.nanoTime() - start), Optional.empty());
    }

    public static List<Integer> codes(Workload workload, int length, SplittableRandom random) {
        List<Integer> codes = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            codes.add(random.nextInt(workload.codeBound()));
        }
        return codes;
    }
}
