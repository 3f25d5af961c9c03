package org.croracle.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.croracle.oracle.checkpointrestart.EveryTree;
import org.croracle.oracle.suite.BugVariant;
import org.croracle.oracle.suite.CheckRow;
import org.croracle.oracle.suite.SpecChecker;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.tlc.TlcModelChecker;
import org.croracle.oracle.trace.TextTable;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./cr check}: the main job. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "The main job: model-check every spec, check that TLC rejects every bug variant with the "
                + "property it is meant to break, and run a conformance sweep of the implementation against each "
                + "spec. By default the quick tier: each spec on a small model (MC...Quick.cfg, or its first CI "
                + "model when that takes seconds), each bug variant tried with random behaviours first (the "
                + "exhaustive search only when they do not break the expected property), every row on its own "
                + "core, --workers rows at a time. --full checks every CI model, each bug variant exhaustively. "
                + "Exit 0 only if all of it holds.")
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--spec", paramLabel = "SPEC", description = "Only this spec.")
    String only;

    @Option(names = "--traces", paramLabel = "N", defaultValue = "200",
            description = "Conformance traces per spec (default: ${DEFAULT-VALUE}).")
    int traces;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "60",
            description = "Operations per conformance trace (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", paramLabel = "X", defaultValue = "1", description = "Seed of the conformance traces (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Cores to use: rows at a time in the quick tier (each TLC with one worker); "
                    + "TLC worker threads per model and bug variants at a time with --full (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--json", description = "Print the table as JSON.")
    boolean json;

    @Option(names = "--full", description = "Every CI model of every spec (the larger ones too: Eclone's sessions, "
            + "Restart's liveness, every tree of 3 tasks restarted at once), as CI runs it, and the Java engine's rows (every "
            + "tree of 4 tasks of the flagless world, and of 3 with threads and a nested namespace, round-tripped through "
            + "the simulated kernel); the default is the quick tier.")
    boolean full;

    @Option(names = "--quiet", description = "No progress on stderr (there is none anyway when stderr is not a terminal).")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (traces < 1 || steps < 1 || workers < 1) {
            throw new UserError("--traces, --steps and --workers must be at least 1");
        }
        Path root = SpecArgs.specsRoot();
        List<SpecSuite> suites = only == null ? Specs.all() : List.of(SpecArgs.spec(only));
        // The quick tier runs every row on its own core (TLC with one worker each, --workers rows
        // at a time): most rows are short, and one TLC process per core wastes less on
        // coordination and JVM start than two workers in one. --full keeps CI's way: each model
        // with --workers TLC workers, one after the other, the bug variants --workers at a time.
        SpecChecker checker = new SpecChecker(root, new TlcModelChecker(), full ? workers : 1, Duration.ofMinutes(30));
        List<List<Job>> stages = new ArrayList<>();
        List<Job> models = new ArrayList<>();
        List<Job> bugs = new ArrayList<>();
        List<Job> quickBugs = new ArrayList<>();
        List<Job> sweeps = new ArrayList<>();
        List<Job> engines = new ArrayList<>();
        int index = 0;
        for (SpecSuite suite : suites) {
            for (String config : configs(suite)) {
                models.add(new Job(index++, suite.name() + ": TLC on " + config, () -> checker.checkModel(suite, config)));
            }
            for (BugVariant bug : BugVariant.discover(suite.dir(root))) {
                Job job = new Job(index++, suite.name() + ": bug " + bug.name(), () -> checker.checkBug(suite, bug, !full));
                (full || SpecChecker.searchedAtOnce(suite, bug) ? bugs : quickBugs).add(job);
            }
            if (full && suite.name().equals("checkpointrestart")) {
                // The Java engine of the flagless world (EveryTree): too long for the quick tier
                // (3 tasks take about a minute of CPU), so --full alone, after the TLC rows.
                for (EveryTree.Options o : List.of(EveryTree.Options.of(4, false).withWorkers(workers),
                        EveryTree.Options.of(3, true).withWorkers(workers))) {
                    engines.add(new Job(index++, suite.name() + ": " + engineTitle(o), () -> engineRow(suite.name(), o)));
                }
            } else if (suite.name().equals("checkpointrestart")) {
                // The quick tier's taste of it: every tree of 2 tasks with threads and a nested
                // namespace (2,100 states, 4,200 round trips: seconds on one core, as the rows run
                // two at a time).
                EveryTree.Options o = EveryTree.Options.of(2, true).withWorkers(1);
                sweeps.add(new Job(index++, suite.name() + ": " + engineTitle(o), () -> engineRow(suite.name(), o)));
            }
            if (suite.refinementChecked()) {
                sweeps.add(new Job(index++, suite.name() + ": conformance, " + traces + " traces of " + steps + " operations",
                        () -> checker.checkConformance(suite, traces, steps, seed)));
            }
        }
        Progress progress = Progress.of(err, quiet, "check", index);
        CheckRow[] rows = new CheckRow[index];
        if (full) {
            run(models, 1, progress, rows);
            run(bugs, workers, progress, rows);
            run(sweeps, 1, progress, rows);
            run(engines, 1, progress, rows);
        } else {
            // Longest first, so that the last rows to start are short and neither core waits long
            // for the other at the end: the models, the conformance sweeps (seconds each), the
            // variants searched exhaustively, then those random behaviours reject (about a second
            // or two each).
            List<Job> all = new ArrayList<>(models);
            all.addAll(sweeps);
            all.addAll(bugs);
            all.addAll(quickBugs);
            run(all, workers, progress, rows);
        }
        List<CheckRow> table = List.of(rows);
        boolean allOk = table.stream().allMatch(CheckRow::ok);
        if (json) {
            List<JsonRow> jsonRows = table.stream().map(r -> new JsonRow(r.spec(), r.what(), r.states(), r.distinct(),
                    r.depth(), r.time().toMillis() / 1000.0, r.verdict(), r.ok(), r.detail())).toList();
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(new Report(allOk, jsonRows)));
        } else {
            print(out, table, allOk);
        }
        return allOk ? 0 : Main.FAILED;
    }

    /** One row of the table to compute; {@code index} is its place in the table. */
    private record Job(int index, String title, java.util.function.Supplier<CheckRow> work) {
    }

    /**
     * Runs the jobs, {@code parallel} at a time, in their order, each row put at its index in
     * {@code rows}: the table keeps its order (spec by spec: models, bug variants, sweep) whatever
     * order the rows finish in.
     */
    private static void run(List<Job> jobs, int parallel, Progress progress, CheckRow[] rows) throws InterruptedException {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (Job job : jobs) {
                done.add(pool.submit(() -> {
                    synchronized (progress) {
                        progress.starting(job.title());
                    }
                    rows[job.index()] = job.work().get();
                    synchronized (progress) {
                        progress.finished();
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String engineTitle(EveryTree.Options o) {
        return "every tree of " + o.tasks() + " tasks" + (o.extensions() ? " with threads and a nested namespace" : "")
                + ", round-tripped (Java)";
    }

    /** A row of the Java engine: states generated, distinct states, depth, time, and the first failures' scenarios. */
    private static CheckRow engineRow(String spec, EveryTree.Options o) {
        EveryTree.Report r = EveryTree.run(o);
        StringBuilder detail = new StringBuilder();
        for (EveryTree.Failure f : r.failures()) {
            detail.append(f.problem()).append("\n  state ").append(f.key()).append('\n');
            f.scenario().forEach(line -> detail.append("    ").append(line).append('\n'));
        }
        String verdict = r.ok() ? String.format("OK: %,d trees, %,d round trips, every one came back equal", r.trees(), r.roundTrips())
                : String.format("%,d of %,d round trips failed", r.failed(), r.roundTrips());
        return new CheckRow(spec, engineTitle(o), r.states(), r.distinct(), r.depth(),
                Duration.ofMillis(Math.round(r.seconds() * 1000)), verdict, r.ok(), detail.toString());
    }

    /** The quick tier checks one CI model per spec; --full all of them. */
    private List<String> configs(SpecSuite suite) {
        return full ? suite.ciConfigs() : List.of(suite.quickConfig());
    }

    /** The JSON form. */
    record Report(boolean ok, List<JsonRow> rows) {
    }

    record JsonRow(String spec, String check, long states, long distinct, int depth, double seconds, String verdict,
                   boolean ok, String detail) {
    }

    private static void print(PrintWriter out, List<CheckRow> rows, boolean allOk) {
        TextTable t = new TextTable(new boolean[] {false, false, true, true, true, true, false},
                "spec", "check", "states", "distinct", "depth", "time", "verdict");
        for (CheckRow r : rows) {
            t.add(r.spec(), r.what(), Table.count(r.states()), Table.count(r.distinct()),
                    r.depth() < 0 ? "-" : Integer.toString(r.depth()), Table.seconds(r.time()),
                    (r.ok() ? "" : "FAIL: ") + r.verdict());
        }
        out.print(t.render());
        out.println("(conformance rows: states = kernel steps checked by the oracle, distinct = traces)");
        for (CheckRow r : rows) {
            if (!r.ok() && !r.detail().isEmpty()) {
                out.println();
                out.println(r.spec() + " / " + r.what() + ":");
                out.print(r.detail());
            }
        }
        out.println(allOk ? "all checks hold" : "SOME CHECKS FAILED");
    }
}
