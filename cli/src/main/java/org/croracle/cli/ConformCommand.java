package org.croracle.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.Conformance;
import org.croracle.oracle.trace.StepTable;
import org.croracle.oracle.explain.WorkloadTrace;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./cr conform}: refinement checking of generated traces. */
@Command(name = "conform", mixinStandardHelpOptions = true,
        description = "Run random operation sequences on the implementation with every step checked against "
                + "the spec by TLC in-process; a failure is shrunk and printed as a table of steps.")
final class ConformCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--spec", paramLabel = "SPEC", description = "Only this spec (default: all).")
    String only;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1000", description = "Traces per spec (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "80", description = "Operations per trace (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", paramLabel = "X", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--from-spec", paramLabel = "SPEC",
            description = "Generate the behaviours with TLC from the spec (freeze, eclone, sharedobjects, restart, "
                    + "concurrentcheckpoint) instead: every behaviour of a small model (of each world the driver builds, for "
                    + "sharedobjects, restart and concurrentcheckpoint's race worlds) up to --depth, then --behaviours random "
                    + "walks; replay each on the kernel and check every step; "
                    + "print action coverage next to the random workload's.")
    String fromSpec;

    @Option(names = "--behaviours", paramLabel = "N", defaultValue = "1000",
            description = "With --from-spec: random walks (default: ${DEFAULT-VALUE}).")
    int behaviours;

    @Option(names = "--depth", paramLabel = "D", description = "With --from-spec: depth of the exhaustive part (default: freeze 4, eclone 2, sharedobjects 30, restart 60, concurrentcheckpoint 20).")
    Integer depth;

    @Option(names = "--walk-depth", paramLabel = "L", defaultValue = "30",
            description = "With --from-spec: steps per random walk (default: ${DEFAULT-VALUE}).")
    int walkDepth;

    @Option(names = "--mutant", paramLabel = "NAME", description = "Run the workloads on a kernel with this planted bug, "
            + "to see the oracle catch it (${COMPLETION-CANDIDATES}).")
    org.croracle.oracle.mutants.Mutant mutant;

    @Option(names = "--save", paramLabel = "DIR", description = "Write each shrunk failure to DIR/conform-SPEC-seed-X.crtrace "
            + "(with --from-spec, the diverging behaviour to DIR/conform-from-spec-SPEC-seed-X.crtrace), a file ./cr explain replays.")
    java.nio.file.Path save;

    @Option(names = "--quiet", description = "No progress on stderr (there is none anyway when stderr is not a terminal).")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (fromSpec != null) {
            if (behaviours < 0 || walkDepth < 1 || (depth != null && depth < 0) || runs < 1) {
                throw new UserError("--behaviours and --depth must be at least 0, --walk-depth and --runs at least 1");
            }
            int workloadTraces = spec.commandLine().getParseResult().hasMatchedOption("--runs") ? runs : 200;
            return FromSpecRun.run(fromSpec, behaviours, depth, walkDepth, workloadTraces, seed, mutant, save, out)
                    ? 0 : Main.FAILED;
        }
        if (runs < 1 || steps < 1) {
            throw new UserError("--runs and --steps must be at least 1");
        }
        List<SpecSuite> suites = only == null ? Specs.bound() : List.of(SpecArgs.spec(only));
        if (!suites.stream().allMatch(SpecSuite::refinementChecked)) {
            throw new UserError(only + " is model-checked only: it has no binding to the kernel yet");
        }
        org.croracle.impl.syscall.KernelConfig config = mutant == null ? org.croracle.impl.syscall.KernelConfig.defaults()
                : mutant.plant(org.croracle.impl.syscall.KernelConfig.defaults());
        suites = suites.stream().map(s -> Specs.named(s.name(), config).orElseThrow()).toList();
        boolean ok = true;
        Progress progress = Progress.of(spec.commandLine().getErr(), quiet, "conform", suites.size());
        for (SpecSuite suite : suites) {
            progress.starting(suite.name() + ": " + runs + " traces of " + steps + " operations");
            try (SpecOracle oracle = suite.loadOracle(SpecArgs.specsRoot())) {
                Conformance.Report r = Conformance.run(suite.runner(oracle), runs, steps, seed);
                out.printf("%s: %d traces, %,d steps checked in %s (%,.0f steps/s): %s%n", suite.name(), r.traces(),
                        r.checkedSteps(), Table.seconds(r.elapsed()), r.stepsPerSecond(),
                        r.conforms() ? "conforms" : "DIVERGES");
                if (!r.conforms()) {
                    ok = false;
                    out.println("shrunk to " + r.failure().get().codes().size() + " operations (workload codes "
                            + r.failure().get().codes() + "):");
                    out.print(StepTable.render(r.failure().get()));
                    if (save != null) {
                        java.nio.file.Path file = save.resolve("conform-" + suite.name() + "-seed-" + seed + ".crtrace");
                        WorkloadTrace trace = new WorkloadTrace(suite.name(), mutant == null ? null : mutant.name(),
                                r.failure().get().codes());
                        Saving.write(file, trace.text("a divergence ./cr conform --spec " + suite.name() + " --seed " + seed
                                + (mutant == null ? "" : " --mutant " + mutant) + " found, shrunk"));
                        out.println("saved " + file + " (./cr explain " + file + ")");
                    }
                }
            }
            progress.finished();
        }
        return ok ? 0 : Main.FAILED;
    }
}
