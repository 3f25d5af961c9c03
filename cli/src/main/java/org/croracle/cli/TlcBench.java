package org.croracle.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.croracle.oracle.suite.SpecChecker;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.tlc.TlcModelChecker;
import org.croracle.oracle.tlc.TlcRun;
import org.croracle.oracle.trace.TextTable;

/**
 * {@code ./cr bench tlc}: TLC on each spec's CI model, once, with 2 workers: distinct states per
 * second (and states generated per second), JVM start and parsing included. The CI model, because
 * the long ones run for hours, which is no benchmark.
 */
final class TlcBench {

    static final int WORKERS = 2;

    /** One model's figures, for the summary. */
    record Figures(String spec, String model, long distinct, double seconds) {
        double distinctPerSecond() {
            return distinct / seconds;
        }
    }

    private final PrintWriter out;
    private final List<String> problems;

    TlcBench(PrintWriter out, List<String> problems) {
        this.out = out;
        this.problems = problems;
    }

    List<Figures> run(List<SpecSuite> suites) {
        out.printf("tlc: each spec's CI model once, %d workers, JVM start and parsing included%n", WORKERS);
        out.flush();
        SpecChecker checker = new SpecChecker(SpecArgs.specsRoot(), new TlcModelChecker(), WORKERS, Duration.ofHours(1));
        TextTable table = new TextTable(new boolean[] {false, false, true, true, true, true, true, true, false},
                "spec", "model", "states", "distinct", "depth", "time", "distinct/s", "states/s", "verdict");
        List<Figures> figures = new ArrayList<>();
        for (SpecSuite suite : suites) {
            TlcRun run = checker.modelCheck(suite, suite.ciConfig(), p -> { });
            double secs = run.elapsed().toNanos() / 1e9;
            String verdict = run.holds() ? "OK" : run.outcome() + (run.errorMessage() == null ? "" : ": " + run.errorMessage());
            if (!run.holds()) {
                problems.add("tlc " + suite.name() + " " + suite.ciConfig() + ": " + verdict);
            }
            table.add(suite.name(), suite.ciConfig(), Table.count(run.statesGenerated()), Table.count(run.distinctStates()),
                    Integer.toString(run.depth()), Table.seconds(run.elapsed()),
                    String.format("%,.0f", run.distinctStates() / secs), String.format("%,.0f", run.statesGenerated() / secs),
                    verdict);
            figures.add(new Figures(suite.name(), suite.ciConfig(), run.distinctStates(), secs));
        }
        out.print(table.render());
        out.flush();
        return figures;
    }
}
