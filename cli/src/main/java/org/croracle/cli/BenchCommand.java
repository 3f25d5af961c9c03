package org.croracle.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.registry.Specs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./cr bench}: throughput figures, then a summary of the headline ones. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput figures: 'oracle' (kernel steps checked per second against each spec by the "
                + "in-process oracle, after a warm-up, and on --traces of the same traces one TLC process per trace, "
                + "the standard trace validation, with the ratio), 'tlc' (TLC distinct states per second on each "
                + "spec's CI model), 'image' (checkpoint image write and read MB/s with --image-mib of dirty pages, "
                + "next to a raw copy of the same bytes), 'restart' (for trees of 1,000, 10,000 and 100,000 tasks: "
                + "planning time, and the checkpoint and whole restart of a container of that many tasks on the "
                + "simulated kernel, up to --restart-max-tasks; then the growth of the time per task). "
                + "Default: all four, then a summary "
                + "(TLC's CI models alone take minutes on 2 cores); --quick trims the oracle, image and restart runs.")
final class BenchCommand implements Callable<Integer> {

    static final List<String> ALL = List.of("oracle", "tlc", "image", "restart");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "WHAT", description = "oracle, tlc, image, restart (default: all four).")
    List<String> what;

    @Option(names = "--quick", description = "Smaller runs: --steps 20000, --traces 3, --image-mib 256, "
            + "--restart-max-tasks 10000 (each still settable); TLC's CI models unchanged.")
    boolean quick;

    @Option(names = "--steps", paramLabel = "N", description = "Checked steps to measure in-process, at least "
            + "(default: 200000).")
    Long minSteps;

    @Option(names = "--traces", paramLabel = "N", description = "Traces of 80 operations checked one TLC process "
            + "each, per spec (every bound spec has a trace module), 0 for none (default: 10).")
    Integer traces;

    @Option(names = "--image-mib", paramLabel = "N", description = "MiB of dirty pages in the image benchmark "
            + "(default: 1024).")
    Integer imageMib;

    @Option(names = "--restart-max-tasks", paramLabel = "N", description = "Largest tree the restart benchmark "
            + "checkpoints and restarts whole in the kernel (default: 100000, all three).")
    Integer restartMaxTasks;

    @Override
    public Integer call() throws java.io.IOException {
        List<String> targets = what == null || what.isEmpty() ? ALL : what;
        for (String t : targets) {
            if (!ALL.contains(t)) {
                throw new UserError("unknown benchmark '" + t + "' (known: " + String.join(", ", ALL) + ")");
            }
        }
        long steps = minSteps != null ? minSteps : quick ? 20_000 : 200_000;
        int traceCount = traces != null ? traces : quick ? 3 : 10;
        int mib = imageMib != null ? imageMib : quick ? 256 : 1024;
        int maxTasks = restartMaxTasks != null ? restartMaxTasks : quick ? 10_000 : 100_000;
        if (steps < 1) {
            throw new UserError("--steps must be at least 1");
        }
        if (traceCount < 0 || traceCount > 1000) {
            throw new UserError("--traces must be between 0 and 1000");
        }
        if (mib < 1 || mib > 8192) {
            throw new UserError("--image-mib must be between 1 and 8192");
        }
        if (maxTasks < 0) {
            throw new UserError("--restart-max-tasks must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        out.printf("cr bench %s: %d cores, load average %.2f at the start (other work on the machine slows "
                + "every figure)%n", String.join(" ", targets), Runtime.getRuntime().availableProcessors(), load());
        List<String> problems = new ArrayList<>();
        List<OracleBench.Comparison> comparisons = new ArrayList<>();
        List<TlcBench.Figures> tlc = List.of();
        ImageBench.Figures image = null;
        RestartBench.Figures restart = null;
        if (targets.contains("oracle")) {
            section(out, "oracle");
            OracleBench bench = new OracleBench(out, steps, traceCount, problems);
            for (SpecSuite suite : Specs.bound()) {
                comparisons.add(bench.run(suite));
            }
        }
        if (targets.contains("tlc")) {
            section(out, "tlc");
            tlc = new TlcBench(out, problems).run(Specs.all());
        }
        if (targets.contains("image")) {
            section(out, "image");
            image = new ImageBench(out, mib).run();
        }
        if (targets.contains("restart")) {
            section(out, "restart");
            restart = new RestartBench(out, maxTasks, problems).run();
        }

        section(out, "summary");
        if (!comparisons.isEmpty()) {
            out.println("oracle: in-process steps/s on random traces (every step's action and every invariant checked "
                    + "by TLC), and on the same traces as one TLC process per trace:");
            out.print(OracleBench.summary(comparisons));
        }
        if (!tlc.isEmpty()) {
            StringJoiner j = new StringJoiner(", ");
            tlc.forEach(f -> j.add(String.format("%s %,.0f", f.spec(), f.distinctPerSecond())));
            out.printf("TLC distinct states/s (CI models, %d workers): %s%n", TlcBench.WORKERS, j);
        }
        if (image != null) {
            out.printf("image (%,d MiB), speed as a fraction of a raw copy of the same bytes: write to memory %.2f, "
                    + "write to a file %.2f, read %.2f%n", image.mib(), image.toMemory(), image.toFile(), image.read());
        }
        if (restart != null) {
            out.printf("restart, %,d tasks: planning %,.1f ms", restart.tasks(), restart.planning());
            if (!Double.isNaN(restart.restart())) {
                out.printf(", whole restart %,.1f ms, checkpoint %,.1f ms", restart.restart(), restart.checkpoint());
            }
            out.println();
        }
        out.printf("total %.1f min, load average %.2f at the end%n", (System.nanoTime() - start) / 60e9, load());
        problems.forEach(p -> out.println("PROBLEM: " + p));
        out.flush();
        return problems.isEmpty() ? 0 : 1;
    }

    private static void section(PrintWriter out, String name) {
        out.println();
        out.println("== " + name + " ==");
        out.flush();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
