package org.croracle.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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
            + "checkpoints and restarts whole in the kernel (default: 100000, all three and the chain).")
    Integer restartMaxTasks;

    @Option(names = "--html", paramLabel = "OUT", description = "Also write the summary and plots (time per task "
            + "against tasks for planning, checkpoint and restart; steps/s per spec; the image's speeds) to OUT, one "
            + "self-contained HTML page.")
    Path html;

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
        if (html != null) {
            checkWritable(html); // before the minutes of measuring, not after
        }
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        double startLoad = load();
        out.printf("cr bench %s: %d cores, load average %.2f at the start (other work on the machine slows "
                + "every figure)%n", String.join(" ", targets), Runtime.getRuntime().availableProcessors(), startLoad);
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
        List<String> summary = new ArrayList<>();
        List<String> oracleLines = new ArrayList<>();
        if (!comparisons.isEmpty()) {
            out.println("oracle: in-process steps/s on random traces (every step's action and every invariant checked "
                    + "by TLC), and on the same traces as one TLC process per trace:");
            out.print(OracleBench.summary(comparisons));
            for (OracleBench.Comparison c : comparisons) {
                oracleLines.add(String.format("oracle, %s: in-process %,.0f steps/s on random traces", c.spec(), c.headline())
                        + (Double.isNaN(c.perProcess()) ? "" : String.format("; on the same traces %,.0f steps/s in-process "
                        + "vs %,.1f steps/s as one TLC process per trace: %,.0fx", c.inProcess(), c.perProcess(), c.ratio())));
            }
        }
        if (!tlc.isEmpty()) {
            StringJoiner j = new StringJoiner(", ");
            tlc.forEach(f -> j.add(String.format("%s %,.0f", f.spec(), f.distinctPerSecond())));
            summary.add(String.format("TLC distinct states/s (CI models, %d workers): %s", TlcBench.WORKERS, j));
        }
        if (image != null) {
            summary.add(image.summary());
        }
        if (restart != null) {
            for (RestartBench.Row row : restart.rows()) {
                if (row.shape().equals(RestartBench.RANDOM) && row != restart.largest()) {
                    continue;
                }
                String line = String.format("restart, %,d tasks%s: planning %,.1f ms", row.tasks(),
                        row.shape().equals(RestartBench.CHAIN) ? " in a chain" : "", row.planning());
                if (!Double.isNaN(row.restart())) {
                    line += String.format(", whole restart %,.1f ms, checkpoint %,.1f ms", row.restart(), row.checkpoint());
                }
                summary.add(line);
            }
            String goals = RestartBench.goals(restart);
            if (goals != null) {
                summary.add(goals);
            }
        }
        summary.add(String.format("total %.1f min, load average %.2f at the end", (System.nanoTime() - start) / 60e9, load()));
        problems.forEach(p -> summary.add("PROBLEM: " + p));
        summary.forEach(out::println);
        out.flush();
        if (html != null) {
            String header = String.format("./cr bench %s: %d cores, load average %.2f at the start", String.join(" ", targets),
                    Runtime.getRuntime().availableProcessors(), startLoad);
            List<String> page = new ArrayList<>(oracleLines);
            page.addAll(summary);
            Saving.write(html, BenchReport.page(header, page, plots(comparisons, image, restart)));
            out.println("report: " + html);
            out.flush();
        }
        return problems.isEmpty() ? 0 : 1;
    }

    /** The report's plots of what was measured. */
    private static List<String> plots(List<OracleBench.Comparison> comparisons, ImageBench.Figures image,
                                      RestartBench.Figures restart) {
        List<String> plots = new ArrayList<>();
        if (restart != null) {
            // the goals, as time per task at 100,000 tasks
            plots.add(perTask("planning", restart, RestartBench.Row::planning, 3, "goal: 0.3 s for 100,000"));
            plots.add(perTask("checkpoint", restart, RestartBench.Row::checkpoint, 20, "goal: 2 s for 100,000"));
            plots.add(perTask("whole restart", restart, RestartBench.Row::restart, 20, "goal: 2 s for 100,000"));
        }
        if (!comparisons.isEmpty()) {
            List<BenchReport.Bar> bars = new ArrayList<>();
            comparisons.forEach(c -> bars.add(new BenchReport.Bar(c.spec(), c.headline(), 0)));
            plots.add(BenchReport.bars("in-process oracle, checked steps/s per spec", "steps/s", bars, 50_000,
                    "50,000 steps/s"));
        }
        if (image != null) {
            // Each image figure over its own goal (1: met), since the goals differ.
            plots.add(BenchReport.bars("image speed over its goal, " + image.mib() + " MiB (1: met; the goals are in the summary)",
                    "fraction of the goal",
                    List.of(new BenchReport.Bar("write, memory", image.toMemory() / ImageBench.Figures.goal(image.memoryBound()), 0),
                            new BenchReport.Bar("write, file", image.toFile() / ImageBench.FILE_GOAL, 0),
                            new BenchReport.Bar("read, memory", image.readMemory() / ImageBench.Figures.goal(image.readBound()), 0)),
                    1, "goal"));
        }
        return plots;
    }

    /** Time per task (us) against tasks: the random trees as a line, the chain as a point of its own. */
    private static String perTask(String what, RestartBench.Figures f, java.util.function.ToDoubleFunction<RestartBench.Row> ms,
                                  double goal, String goalLabel) {
        List<BenchReport.Point> random = new ArrayList<>();
        List<BenchReport.Point> chain = new ArrayList<>();
        for (RestartBench.Row r : f.rows()) {
            BenchReport.Point p = new BenchReport.Point(r.tasks(), ms.applyAsDouble(r) * 1000 / r.tasks(), 0);
            (r.shape().equals(RestartBench.CHAIN) ? chain : random).add(p);
        }
        return BenchReport.perTask(what + ": time per task", "us per task", List.of(
                new BenchReport.Series("random tree", "#4a7ebb", true, random),
                new BenchReport.Series("chain", "#d9822b", false, chain)), goal, goalLabel);
    }

    /** A report path that cannot be written is the user's error, found before anything runs. */
    private static void checkWritable(Path file) {
        if (Files.isDirectory(file)) {
            throw new UserError("--html " + file + " is a directory");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError("--html " + file + ": no directory " + parent);
        }
        if (Files.exists(file) ? !Files.isWritable(file) : parent != null && !Files.isWritable(parent)) {
            throw new UserError("--html " + file + " cannot be written");
        }
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
