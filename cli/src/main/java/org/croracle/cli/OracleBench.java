package org.croracle.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.tlc.TlcModelChecker;
import org.croracle.oracle.trace.Conformance;
import org.croracle.oracle.trace.TraceLog;
import org.croracle.oracle.trace.TraceRecorder;
import org.croracle.oracle.trace.TraceResult;
import org.croracle.oracle.trace.TraceRunner;
import org.croracle.oracle.trace.TextTable;
import org.croracle.oracle.trace.TraceValidation;

/**
 * {@code ./cr bench oracle}: kernel steps checked per second by the in-process step oracle, and
 * the same traces checked the standard way (one TLC process per trace, {@link TraceValidation}),
 * with the ratio of the two. Public so that other harnesses can take the same measurement:
 * {@link #run(SpecSuite)} per spec.
 */
public final class OracleBench {

    /** Goal: in-process steps checked per second, every spec, every invariant on every step. */
    public static final double STEPS_GOAL = 50_000;
    /** Goal: in-process over one-TLC-process-per-trace, on the same traces. */
    public static final double RATIO_GOAL = 1_000;

    /** Workload operations per trace, for both measurements. */
    static final int TRACE_LENGTH = 80;
    private static final Duration TRACE_TIMEOUT = Duration.ofMinutes(5);

    /**
     * One spec's figures, for the summary: the in-process rate on fresh random traces (the
     * headline) and on the compared traces, and the per-process rate on the compared traces (NaN
     * both when no traces were compared).
     */
    public record Comparison(String spec, double headline, double inProcess, double perProcess) {
        /** In-process over per-process on the same traces (NaN when not compared). */
        public double ratio() {
            return inProcess / perProcess;
        }
    }

    private final PrintWriter out;
    private final long minSteps;
    private final int traces;
    private final List<String> problems;

    /**
     * @param traces   traces checked one TLC process each (0: no comparison)
     * @param problems receives a line for every trace the two checkers disagree on
     */
    public OracleBench(PrintWriter out, long minSteps, int traces, List<String> problems) {
        this.out = out;
        this.minSteps = minSteps;
        this.traces = traces;
        this.problems = problems;
    }

    /** Measures one spec; compares with one TLC process per trace when it has a trace module and traces > 0. */
    public Comparison run(SpecSuite suite) {
        long load = System.nanoTime();
        try (SpecOracle oracle = suite.loadOracle(SpecArgs.specsRoot())) {
            double loadSecs = seconds(load);
            TraceRunner runner = suite.runner(oracle);
            double headline = randomTraces(suite, runner);
            if (traces == 0 || suite.traceModule().isEmpty()) {
                return new Comparison(suite.name(), headline, Double.NaN, Double.NaN);
            }
            return sameTraces(suite, runner, loadSecs, headline);
        }
    }

    /** The headline figure: fresh random traces, after a warm-up, until at least minSteps steps. */
    private double randomTraces(SpecSuite suite, TraceRunner runner) {
        SplittableRandom random = new SplittableRandom(42);
        long warm = 0;
        while (warm < Math.min(50_000, minSteps)) {
            warm += runner.run(Conformance.codes(runner.workload(), TRACE_LENGTH, random)).checkedSteps();
        }
        long steps = 0;
        int count = 0;
        long start = System.nanoTime();
        while (steps < minSteps) {
            steps += conforming(suite, runner, Conformance.codes(runner.workload(), TRACE_LENGTH, random)).checkedSteps();
            count++;
        }
        double secs = seconds(start);
        out.printf("%s oracle: %,.0f steps/s (%,d steps in %d traces, %.2f s, after %,d warm-up steps; "
                        + "each step: binding, abstraction, TLC action check, invariants)%n",
                suite.name(), steps / secs, steps, count, secs, warm);
        out.flush();
        return steps / secs;
    }

    /** The comparison: the same traces in-process (repeated, for a stable time) and one TLC process each. */
    private Comparison sameTraces(SpecSuite suite, TraceRunner runner, double loadSecs, double headline) {
        SplittableRandom random = new SplittableRandom(8);
        List<List<Integer>> codes = new ArrayList<>();
        for (int i = 0; i < traces; i++) {
            codes.add(Conformance.codes(runner.workload(), TRACE_LENGTH, random));
        }
        long perRound = 0;
        for (List<Integer> c : codes) {
            perRound += conforming(suite, runner, c).checkedSteps(); // also the warm-up
        }
        // A quarter of the headline's steps, and at least a second: a few traces take milliseconds.
        long target = Math.max(perRound, minSteps / 4);
        long steps = 0;
        int rounds = 0;
        long start = System.nanoTime();
        while (steps < target || System.nanoTime() - start < 1_000_000_000L) {
            for (List<Integer> c : codes) {
                steps += conforming(suite, runner, c).checkedSteps();
            }
            rounds++;
        }
        double inSecs = seconds(start);
        double inRate = steps / inSecs;

        String module = suite.traceModule().get();
        TraceValidation validation = new TraceValidation(new TlcModelChecker(), suite.dir(SpecArgs.specsRoot()), module,
                TRACE_TIMEOUT);
        out.printf("%s vs one TLC process per trace (specs/%s/%s.tla), the same %d traces of %d operations, "
                + "%,d kernel steps:%n", suite.name(), suite.name(), module, traces, TRACE_LENGTH, perRound);
        out.flush();
        long logged = 0;
        int accepted = 0;
        start = System.nanoTime();
        for (int i = 0; i < codes.size(); i++) {
            TraceLog log = TraceRecorder.record(suite.kernels().get(), suite.workload(), codes.get(i), suite.binding());
            logged += log.steps().size();
            TraceValidation.Result r = validation.check(log);
            if (r.accepted()) {
                accepted++;
            } else {
                String problem = suite.name() + " trace " + (i + 1) + ": the in-process oracle accepts it, one TLC "
                        + "process " + (r.outcome() == TraceValidation.Outcome.REJECTED ? "rejects it: " : "fails: ")
                        + r.reason();
                problems.add(problem);
                out.println("  " + problem);
            }
        }
        double perSecs = seconds(start);
        double perRate = logged / perSecs;
        if (logged != perRound) {
            problems.add(suite.name() + ": the traces logged " + logged + " steps, the oracle checked " + perRound);
        }
        out.printf("  in-process oracle:          %,9.0f steps/s (the %d traces %d times, %,d steps in %.2f s; "
                + "the spec loaded once, %.2f s, not counted)%n", inRate, traces, rounds, steps, inSecs, loadSecs);
        out.printf("  one TLC process per trace:  %,9.1f steps/s (%d processes one after another, %.1f s, %.2f s per "
                + "trace: JVM start, parsing, checking; %d of %d accepted)%n", perRate, traces, perSecs,
                perSecs / traces, accepted, traces);
        out.printf("  in-process / per-process:   %,9.0fx (with the random traces' figure above: %,.0fx)%n",
                inRate / perRate, headline / perRate);
        out.flush();
        return new Comparison(suite.name(), headline, inRate, perRate);
    }

    /** The summary: per spec, both rates, the ratio, and each goal met or how far off it is. */
    static String summary(List<Comparison> figures) {
        TextTable table = new TextTable(new boolean[] {false, true, true, true, true, false, false}, "spec",
                "in-process steps/s", "same traces", "per-process steps/s", "ratio",
                String.format("goal: >= %,.0f steps/s", STEPS_GOAL), String.format("goal: >= %,.0fx", RATIO_GOAL));
        for (Comparison c : figures) {
            boolean compared = !Double.isNaN(c.perProcess());
            table.add(c.spec(), String.format("%,.0f", c.headline()), compared ? String.format("%,.0f", c.inProcess()) : "-",
                    compared ? String.format("%,.1f", c.perProcess()) : "-", compared ? String.format("%,.0fx", c.ratio()) : "-",
                    goal(c.headline(), STEPS_GOAL), compared ? goal(c.ratio(), RATIO_GOAL) : "not measured");
        }
        return table.render();
    }

    /** "met", or the factor still missing. */
    private static String goal(double value, double goal) {
        return value >= goal ? "met" : String.format("%.1fx short", goal / value);
    }

    private static TraceResult conforming(SpecSuite suite, TraceRunner runner, List<Integer> codes) {
        TraceResult r = runner.run(codes);
        if (!r.conforms()) {
            throw new UserError(suite.name() + ": the implementation diverged during the benchmark; run ./cr conform");
        }
        return r;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
