package org.croracle.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

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
                + "spec. By default the quick tier (each spec's first CI model); --full checks every CI model. "
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

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "TLC worker threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--json", description = "Print the table as JSON.")
    boolean json;

    @Option(names = "--full", description = "Every CI model of every spec (the larger ones too: Eclone's sessions, "
            + "Restart's liveness, the step-by-step round trip), as CI runs it; the default is the quick tier.")
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
        SpecChecker checker = new SpecChecker(root, new TlcModelChecker(), workers, Duration.ofMinutes(30));
        List<CheckRow> rows = new ArrayList<>();
        int total = 0;
        for (SpecSuite suite : suites) {
            total += configs(suite).size() + BugVariant.discover(suite.dir(root)).size() + (suite.refinementChecked() ? 1 : 0);
        }
        Progress progress = Progress.of(err, quiet, "check", total);
        for (SpecSuite suite : suites) {
            for (String config : configs(suite)) {
                progress.starting(suite.name() + ": TLC on " + config);
                rows.add(checker.checkModel(suite, config));
                progress.finished();
            }
            rows.addAll(checkBugs(checker, suite, root, progress));
            if (suite.refinementChecked()) {
                progress.starting(suite.name() + ": conformance, " + traces + " traces of " + steps + " operations");
                rows.add(checker.checkConformance(suite, traces, steps, seed));
                progress.finished();
            }
        }
        boolean allOk = rows.stream().allMatch(CheckRow::ok);
        if (json) {
            List<JsonRow> jsonRows = rows.stream().map(r -> new JsonRow(r.spec(), r.what(), r.states(), r.distinct(),
                    r.depth(), r.time().toMillis() / 1000.0, r.verdict(), r.ok(), r.detail())).toList();
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(new Report(allOk, jsonRows)));
        } else {
            print(out, rows, allOk);
        }
        return allOk ? 0 : Main.FAILED;
    }

    /**
     * The spec's bug variants, --workers of them at a time: each is a TLC process with one worker
     * (see SpecChecker.checkBug), so one at a time would leave all but one core idle. The rows
     * keep the variants' order.
     */
    private List<CheckRow> checkBugs(SpecChecker checker, SpecSuite suite, Path root, Progress progress)
            throws InterruptedException {
        List<BugVariant> bugs = BugVariant.discover(suite.dir(root));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers);
        try {
            List<java.util.concurrent.Future<CheckRow>> done = new ArrayList<>();
            for (BugVariant bug : bugs) {
                done.add(pool.submit(() -> {
                    synchronized (progress) {
                        progress.starting(suite.name() + ": bug " + bug.name());
                    }
                    CheckRow row = checker.checkBug(suite, bug);
                    synchronized (progress) {
                        progress.finished();
                    }
                    return row;
                }));
            }
            List<CheckRow> rows = new ArrayList<>();
            for (java.util.concurrent.Future<CheckRow> f : done) {
                try {
                    rows.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
            return rows;
        } finally {
            pool.shutdownNow();
        }
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
