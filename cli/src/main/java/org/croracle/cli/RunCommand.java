package org.croracle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.scenario.Scenario;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.croracle.impl.scenario.ScenarioSyntaxException;
import org.croracle.oracle.explain.ProcessTrees;
import org.croracle.oracle.linux.CrLinux;
import org.croracle.oracle.linux.LinuxComparison;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.CheckedStep;
import org.croracle.oracle.trace.InstanceCheck;
import org.croracle.oracle.trace.RefinementChecker;
import org.croracle.oracle.trace.TextTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./cr run FILE.crs}: run a scenario. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario (.crs) on the simulated kernel: every operation, every expectation. "
                + "Exit 0 if every line and expectation holds, 1 if one does not, 2 if the file is malformed "
                + "or uses what is not implemented yet.")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.crs")
    Path file;

    @Option(names = "--trace", description = "Print every kernel step (with labels) and the spec actions that matched it.")
    boolean trace;

    @Option(names = "--tree", description = "Print the final process tree.")
    boolean tree;

    @Option(names = "--dot", description = "Print the final process tree as Graphviz.")
    boolean dot;

    @Option(names = "--plan", description = "Print each restart's plan as a numbered list of steps.")
    boolean plan;

    @Option(names = "--images", paramLabel = "DIR",
            description = "Write every checkpoint image the scenario makes to DIR/NAME.img (created if missing).")
    Path imagesDir;

    @Option(names = "--on-linux", description = "Run the process operations on this machine's Linux kernel too (as real "
            + "processes in a fresh PID namespace, through the native helper crlinux) and print the first disagreement "
            + "with the simulated kernel, or how much they agree on. Exit 0 if they agree, 1 if not, 77 if this machine "
            + "cannot (not root, no PID namespaces, no helper).")
    boolean onLinux;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "With --on-linux: how long one operation on Linux may take (default: ${DEFAULT-VALUE}).")
    int timeoutMs;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError("no scenario file " + file);
        }
        Scenario scenario;
        try {
            scenario = ScenarioParser.parse(file.toString(), text);
        } catch (ScenarioSyntaxException e) {
            throw new UserError(e.getMessage());
        }
        if (onLinux) {
            return onLinux(scenario, out, err);
        }
        Kernel kernel = new Kernel();
        List<Step> steps = new ArrayList<>();
        kernel.addStepListener((before, step, after) -> steps.add(step));
        List<RefinementChecker> checkers = new ArrayList<>();
        List<SpecOracle> oracles = new ArrayList<>();
        if (trace) {
            for (SpecSuite suite : Specs.bound()) {
                SpecOracle oracle = suite.loadOracle(SpecArgs.specsRoot());
                oracles.add(oracle);
                RefinementChecker checker = RefinementChecker.attach(oracle, suite.binding(), kernel);
                checkers.add(checker);
            }
        }
        try {
            ScenarioResult result = ScenarioRunner.run(kernel, scenario);
            if (trace) {
                printTrace(out, steps, checkers, result.labels());
            }
            result.output().forEach(out::println);
            if (plan) {
                result.plans().forEach((prefix, lines) -> {
                    out.println("restart plan for " + prefix + ":");
                    lines.forEach(l -> out.println("  " + l));
                });
            }
            if (imagesDir != null) {
                writeImages(result.images(), out);
            }
            if (tree) {
                out.print(tree(result.finalState(), result.labels()));
            }
            if (dot) {
                out.print(dot(result.finalState(), result.labels()));
            }
            result.failures().forEach(err::println);
            out.printf("%s: %d operations, %d expectations: %s%n", file, result.operations(), result.expectations(),
                    result.passed() ? "all hold" : result.notImplemented() ? "stopped at line " + result.stoppedAt()
                            + " (not implemented yet)" : result.failures().size() + " failed");
            if (result.notImplemented()) {
                return Main.USAGE;
            }
            return result.passed() ? 0 : Main.FAILED;
        } finally {
            oracles.forEach(SpecOracle::close);
        }
    }

    /** {@code --on-linux}: the scenario on both kernels, side by side. */
    private int onLinux(Scenario scenario, PrintWriter out, PrintWriter err) {
        if (timeoutMs < 100) {
            throw new UserError("--timeout-ms must be at least 100, not " + timeoutMs);
        }
        long start = System.nanoTime();
        LinuxComparison.Outcome o;
        try (CrLinux linux = CrLinux.start(java.time.Duration.ofMillis(timeoutMs))) {
            o = LinuxComparison.compare(scenario, org.croracle.impl.syscall.KernelConfig.defaults(), linux);
        } catch (CrLinux.Unavailable e) {
            err.println("cannot compare with Linux here: " + e.getMessage());
            return e.unsupported() ? CrLinux.EXIT_UNSUPPORTED : Main.FAILED;
        } catch (CrLinux.Failure e) {
            err.println("the Linux side failed: " + e.getMessage());
            return Main.FAILED;
        }
        o.notes().forEach(out::println);
        if (!o.agrees()) {
            LinuxComparison.Disagreement d = o.disagreement();
            out.printf("%s:%d: first disagreement, at '%s' (after %d operations that agree)%n", file, d.line(), d.text(),
                    o.operations());
            out.printf("  %s%n    Linux: %s%n    model: %s%n", d.what(), d.linux(), d.model());
            return Main.FAILED;
        }
        out.printf("%s%n  (%d facts compared, %d ms)%n", o.summary(), o.facts(), (System.nanoTime() - start) / 1_000_000);
        return 0;
    }

    /** Writes each image to a temporary file and renames it, so that no partial image is left behind. */
    private void writeImages(Map<String, byte[]> images, PrintWriter out) {
        try {
            Files.createDirectories(imagesDir);
            for (Map.Entry<String, byte[]> e : images.entrySet()) {
                Path target = imagesDir.resolve(e.getKey() + ".img");
                Path tmp = Files.createTempFile(imagesDir, e.getKey(), ".part");
                try {
                    Files.write(tmp, e.getValue());
                    Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                out.println("wrote " + target + " (" + e.getValue().length + " bytes)");
            }
        } catch (IOException e) {
            throw new UserError("cannot write images to " + imagesDir + ": " + e.getMessage());
        }
    }

    private static Map<Integer, String> names(Map<String, Integer> labels) {
        Map<Integer, String> names = new HashMap<>();
        labels.forEach((l, p) -> names.putIfAbsent(p, l));
        return names;
    }

    private static void printTrace(PrintWriter out, List<Step> steps, List<RefinementChecker> checkers,
                                   Map<String, Integer> labels) {
        Map<Integer, String> names = names(labels);
        Map<Long, List<String>> actions = new HashMap<>();
        for (RefinementChecker c : checkers) {
            for (CheckedStep cs : c.steps()) {
                for (InstanceCheck ic : cs.checks()) {
                    actions.computeIfAbsent(cs.step().index(), k -> new ArrayList<>()).add(ic.spec() + "/" + ic);
                }
            }
        }
        TextTable t = new TextTable(new boolean[] {true, false, false, false}, "step", "by", "kernel step", "spec actions");
        for (Step s : steps) {
            String by = s.actor() == Step.NO_TASK ? "-" : names.getOrDefault(s.actor(), "?") + "[" + s.actor() + "]";
            t.add(Long.toString(s.index()), by, s.toString(), String.join("; ", actions.getOrDefault(s.index(), List.of())));
        }
        out.print(t.render());
        for (RefinementChecker c : checkers) {
            c.divergence().ifPresent(d -> out.println("spec " + d.spec() + ": not checked after step "
                    + (d.step() == null ? 0 : d.step().index()) + ": " + d.reason()));
        }
    }

    static String tree(KernelState s, Map<String, Integer> labels) {
        Map<Integer, String> names = names(labels);
        TextTable t = new TextTable(new boolean[] {false, false, false, false, false, false},
                "task", "pids", "ppid", "sid", "pgid", "state");
        for (Task task : s.tasks().values()) {
            t.add(names.getOrDefault(task.pid(), "?"), task.pids().toString(), label(names, task.ppid()),
                    label(names, task.sid()), label(names, task.pgid()),
                    task.isZombie() ? "zombie " + task.exit() : task.state().name().toLowerCase());
        }
        return t.render();
    }

    private static String label(Map<Integer, String> names, int pid) {
        return pid == 0 ? "-" : names.getOrDefault(pid, "?") + "(" + pid + ")";
    }

    static String dot(KernelState s, Map<String, Integer> labels) {
        return ProcessTrees.kernel("the final process tree", s, names(labels), Set.of()).dot();
    }
}
