package org.croracle.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.Conformance;
import org.croracle.oracle.trace.TraceResult;
import org.croracle.oracle.trace.TraceRunner;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-process oracle of each bound spec: random traces of 80 operations run on the simulated
 * kernel, every step checked against the spec (binding, abstraction, TLC's action check,
 * invariants). One operation is one trace; the {@code steps} counter is the checked steps per
 * second, the figure to compare across specs. The specs come from -Dcr.specs (default ./specs).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 2, jvmArgsAppend = "-XX:+UseParallelGC")
public class OracleBenchmarks {

    /** Operations per trace, as ./cr bench's oracle section uses. */
    static final int TRACE_LENGTH = 80;

    @State(Scope.Thread)
    public static class Oracle {
        @Param({"freeze", "eclone", "sharedobjects", "restart"})
        public String spec;

        SpecOracle oracle;
        TraceRunner runner;
        final List<List<Integer>> traces = new ArrayList<>();
        int next;

        @Setup(Level.Trial)
        public void load() {
            SpecSuite suite = Specs.named(spec).orElseThrow(() -> new IllegalArgumentException("no spec " + spec));
            oracle = suite.loadOracle(Specs.root());
            runner = suite.runner(oracle);
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < 200; i++) {
                traces.add(Conformance.codes(runner.workload(), TRACE_LENGTH, random));
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            oracle.close();
        }
    }

    /** Steps checked, reported by JMH as a rate beside the traces per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Steps {
        public long steps;

        @Setup(Level.Iteration)
        public void reset() {
            steps = 0;
        }
    }

    @Benchmark
    public TraceResult trace(Oracle o, Steps counted) {
        TraceResult r = o.runner.run(o.traces.get(o.next++ % o.traces.size()));
        if (!r.conforms()) {
            throw new IllegalStateException(o.spec + ": the implementation diverged during the benchmark");
        }
        counted.steps += r.checkedSteps();
        return r;
    }
}
