package org.croracle.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

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
        description = "The main job: model-check every spec's CI model, check that TLC rejects every bug "
                + "variant with the property it is meant to break, and run a conformance sweep of the "
                + "implementation against each spec. Exit 0 only if all of it holds.")
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
        for (SpecSuite suite : suites) {
            err.printf("check: %s: TLC on %s%n", suite.name(), String.join(", ", suite.ciConfigs()));
            rows.addAll(checker.checkModels(suite));
            err.printf("check: %s: bug variants%n", suite.name());
            rows.addAll(checker.checkBugs(suite));
            if (suite.refinementChecked()) {
                err.printf("check: %s: conformance, %d traces of %d operations%n", suite.name(), traces, steps);
                rows.add(checker.checkConformance(suite, traces, steps, seed));
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
