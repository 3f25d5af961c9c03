package org.croracle.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.croracle.oracle.suite.SpecChecker;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.suite.Specs;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.tlc.TlcModelChecker;
import org.croracle.oracle.tlc.TlcRun;
import org.croracle.oracle.trace.Conformance;
import org.croracle.oracle.trace.TraceResult;
import org.croracle.oracle.trace.TraceRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./cr bench}: throughput figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput figures: 'oracle' (kernel steps checked per second against each spec, after a "
                + "warm-up), 'tlc' (TLC states per second on each spec's CI model), 'image' (checkpoint image "
                + "write and read MB/s with --image-mib of dirty pages, next to a raw copy of the same bytes), "
                + "'restart' (planning and restart time for trees of 1,000, 10,000 and 100,000 tasks). "
                + "Default: oracle and tlc.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "WHAT", description = "oracle, tlc, image, restart (default: oracle and tlc).")
    List<String> what;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "200000",
            description = "Checked steps to measure, at least (default: ${DEFAULT-VALUE}).")
    long minSteps;

    @Option(names = "--image-mib", paramLabel = "N", defaultValue = "1024",
            description = "MiB of dirty pages in the image benchmark (default: ${DEFAULT-VALUE}).")
    int imageMib;

    @Option(names = "--restart-max-tasks", paramLabel = "N", defaultValue = "10000",
            description = "Largest tree the restart benchmark builds in the kernel (default: ${DEFAULT-VALUE}).")
    int restartMaxTasks;

    @Override
    public Integer call() throws java.io.IOException {
        List<String> targets = what == null || what.isEmpty() ? List.of("oracle", "tlc") : what;
        for (String t : targets) {
            if (!List.of("oracle", "tlc", "image", "restart").contains(t)) {
                throw new UserError("unknown benchmark '" + t + "' (known: oracle, tlc, image, restart)");
            }
        }
        if (minSteps < 1) {
            throw new UserError("--steps must be at least 1");
        }
        if (imageMib < 1 || imageMib > 8192) {
            throw new UserError("--image-mib must be between 1 and 8192");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (targets.contains("image")) {
            new ImageBench(out, imageMib).run();
        }
        if (targets.contains("restart")) {
            new RestartBench(out, restartMaxTasks).run();
        }
        for (SpecSuite suite : Specs.bound()) {
            if (targets.contains("oracle")) {
                benchOracle(out, suite);
            }
            if (targets.contains("tlc")) {
                SpecChecker checker = new SpecChecker(SpecArgs.specsRoot(), new TlcModelChecker(), 2, Duration.ofHours(1));
                // The CI model: the long ones run for hours (MCEcloneLarge), which is no benchmark.
                TlcRun run = checker.modelCheck(suite, suite.ciConfig(), p -> { });
                double secs = run.elapsed().toNanos() / 1e9;
                out.printf("%s tlc: %,.0f states/s (%,d states generated, %,d distinct, %s with %s, 2 workers, "
                                + "JVM start and parsing included)%n",
                        suite.name(), run.statesGenerated() / secs, run.statesGenerated(), run.distinctStates(),
                        Table.seconds(run.elapsed()), suite.ciConfig());
            }
        }
        return 0;
    }

    private void benchOracle(PrintWriter out, SpecSuite suite) {
        try (SpecOracle oracle = suite.loadOracle(SpecArgs.specsRoot())) {
            TraceRunner runner = suite.runner(oracle);
            SplittableRandom random = new SplittableRandom(42);
            long warm = 0;
            while (warm < Math.min(50_000, minSteps)) {
                warm += runner.run(Conformance.codes(runner.workload(), 80, random)).checkedSteps();
            }
            long steps = 0;
            int traces = 0;
            long start = System.nanoTime();
            while (steps < minSteps) {
                TraceResult r = runner.run(Conformance.codes(runner.workload(), 80, random));
                if (!r.conforms()) {
                    throw new UserError(suite.name() + ": the implementation diverged during the benchmark; run ./cr conform");
                }
                steps += r.checkedSteps();
                traces++;
            }
            double secs = (System.nanoTime() - start) / 1e9;
            out.printf("%s oracle: %,.0f steps/s (%,d steps in %d traces, %.2f s, after %,d warm-up steps; "
                            + "each step: binding, abstraction, TLC action check, invariants)%n",
                    suite.name(), steps / secs, steps, traces, secs, warm);
        }
    }
}
