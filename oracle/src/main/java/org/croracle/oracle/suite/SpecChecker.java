package org.croracle.oracle.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.croracle.oracle.tlc.CounterexampleTable;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.tlc.TlcModelChecker;
import org.croracle.oracle.tlc.TlcOutcome;
import org.croracle.oracle.tlc.TlcProgress;
import org.croracle.oracle.tlc.TlcRequest;
import org.croracle.oracle.tlc.TlcRun;
import org.croracle.oracle.trace.Conformance;
import org.croracle.oracle.trace.StepTable;

/** The main job, per spec: model-check the CI model, reject every bug variant, run a conformance sweep. */
public final class SpecChecker {

    private final Path specsRoot;
    private final TlcModelChecker tlc;
    private final int workers;
    private final Duration timeout;

    public SpecChecker(Path specsRoot, TlcModelChecker tlc, int workers, Duration timeout) {
        this.specsRoot = specsRoot;
        this.tlc = tlc;
        this.workers = workers;
        this.timeout = timeout;
    }

    /** TLC on one configuration of the spec's model module (the CI one unless named). */
    public TlcRun modelCheck(SpecSuite suite, String config, Consumer<TlcProgress> progress) {
        return tlc.run(new TlcRequest(suite.dir(specsRoot), suite.moduleOf(specsRoot, config), config, List.of(), workers,
                timeout),
                progress);
    }

    public List<CheckRow> checkModels(SpecSuite suite) {
        List<CheckRow> rows = new ArrayList<>();
        for (String config : suite.ciConfigs()) {
            rows.add(checkModel(suite, config));
        }
        return rows;
    }

    public CheckRow checkModel(SpecSuite suite, String config) {
        TlcRun run = modelCheck(suite, config, p -> { });
        boolean ok = run.holds() && run.statesGenerated() > 0;
        String verdict = ok ? "OK" : describe(run);
        String detail = run.counterexample().isEmpty() ? "" : CounterexampleTable.render(run.counterexample());
        return new CheckRow(suite.name(), config, run.statesGenerated(), run.distinctStates(), run.depth(),
                run.elapsed(), verdict, ok, detail);
    }

    public List<CheckRow> checkBugs(SpecSuite suite) {
        List<CheckRow> rows = new ArrayList<>();
        Path dir = suite.dir(specsRoot);
        for (BugVariant bug : BugVariant.discover(dir)) {
            rows.add(checkBug(suite, bug));
        }
        return rows;
    }

    /**
     * Random behaviours tried on a bug variant before its exhaustive search, in the quick tier:
     * TLC stops at the first state that breaks a property, where a breadth-first search must
     * first explore every state shallower than the violation from every initial state
     * (SharedObjects' variants: 28,224 initial states, 75,000 to 186,000 states searched; random
     * behaviours broke the property within about 28,500 states, most of them the initial ones).
     * Seed 1, so the same behaviours every run. 25 states: more than twice the deepest
     * counterexample of a variant they are tried on (11), and short enough that a behaviour that
     * settles into a final state does not stutter long. 1,000 behaviours (at most 25,000 states
     * beyond the initial ones) bound what a miss costs before the search.
     */
    static final TlcRequest.Simulation BUG_SIMULATION = new TlcRequest.Simulation(1, 25, 1_000);

    /** TLC on one bug variant of the spec: it must be rejected with the property it is meant to break. */
    public CheckRow checkBug(SpecSuite suite, BugVariant bug) {
        return checkBug(suite, bug, false);
    }

    /**
     * The same; with {@code simulateFirst}, TLC first draws random behaviours ({@link #BUG_SIMULATION})
     * and the variant is rejected as soon as one breaks the expected property. Only when none does
     * (or another property breaks first, or the variant's cfg has PROPERTIES: a temporal one a
     * finite random behaviour cannot show broken, and TLC 2.18 does not name it, or the spec's variants
     * or this variant's cfg ({@link BugVariant#randomBehavioursMiss()}) are known to be missed by them) does
     * the breadth-first search run, as without it: the verdict
     * is never weaker, only reached sooner.
     */
    public CheckRow checkBug(SpecSuite suite, BugVariant bug, boolean simulateFirst) {
        // One worker: breadth-first search is then deterministic and reports the shallowest
        // violation. With two, workers race, and a variant that breaks two properties at
        // nearby depths (AttachToFrozen: FROZEN at depth 4, CHECKPOINTING at depth 5) may
        // report either. A simulation with one worker and a fixed seed is deterministic too.
        TlcRequest search = new TlcRequest(bug.dir(), bug.name(), bug.configFile(), List.of(suite.dir(specsRoot)), 1,
                timeout);
        Duration spent = Duration.ZERO;
        String how = "";
        TlcRun run = null;
        if (simulateFirst && !searchedAtOnce(suite, bug)) {
            TlcRun simulated = tlc.run(new TlcRequest(search.specDir(), search.rootModule(), search.configFile(),
                    search.libraryDirs(), 1, timeout, BUG_SIMULATION), p -> { });
            if (rejectedWith(simulated, bug) && simulated.statesGenerated() > 0) {
                run = simulated;
                how = " (random behaviours)";
            } else {
                spent = simulated.elapsed();
            }
        }
        if (run == null) {
            run = tlc.run(search, p -> { });
            if (simulateFirst && spent.isZero() && bug.randomBehavioursMiss().isPresent()) {
                how = " (searched at once)";
            }
        }
        boolean rejectedAsExpected = rejectedWith(run, bug);
        String verdict = rejectedAsExpected ? "rejected: " + bug.expectedProperty() + how
                : "NOT rejected as expected (" + bug.expectedProperty() + "): " + describe(run);
        return new CheckRow(suite.name(), "bug " + bug.name(), run.statesGenerated(), run.distinctStates(),
                run.depth(), run.elapsed().plus(spent), verdict, rejectedAsExpected && run.statesGenerated() > 0,
                run.counterexample().isEmpty() ? "" : CounterexampleTable.render(run.counterexample()));
    }

    /**
     * Whether the quick tier searches this variant exhaustively at once, without random behaviours
     * first: a temporal property, a spec whose variants random behaviours mostly miss, or a variant
     * whose cfg says they miss it.
     */
    public static boolean searchedAtOnce(SpecSuite suite, BugVariant bug) {
        return !bug.temporalProperties().isEmpty() || !suite.randomBehavioursFindItsBugs()
                || bug.randomBehavioursMiss().isPresent();
    }

    /** Whether TLC reported exactly the property the variant is meant to break. */
    static boolean rejectedWith(TlcRun run, BugVariant bug) {
        if (run.outcome() == TlcOutcome.TEMPORAL_PROPERTY_VIOLATED) {
            // TLC 2.18 does not name the temporal property; the variant's cfg lists only the expected one.
            return bug.temporalProperties().equals(List.of(bug.expectedProperty()));
        }
        return (run.outcome() == TlcOutcome.INVARIANT_VIOLATED || run.outcome() == TlcOutcome.ACTION_PROPERTY_VIOLATED)
                && bug.expectedProperty().equals(run.violatedProperty());
    }

    public CheckRow checkConformance(SpecSuite suite, int traces, int steps, long seed) {
        long start = System.nanoTime();
        try (SpecOracle oracle = suite.loadOracle(specsRoot)) {
            Conformance.Report report = Conformance.run(suite.runner(oracle), traces, steps, seed);
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            String verdict = report.conforms()
                    ? String.format("OK (%,.0f steps/s)", report.stepsPerSecond())
                    : "DIVERGES (shrunk to " + report.failure().get().codes().size() + " operations)";
            String detail = report.failure().map(StepTable::render).orElse("");
            return new CheckRow(suite.name(), "conformance, seed " + seed, report.checkedSteps(), report.traces(), -1,
                    total, verdict, report.conforms() && report.checkedSteps() > 0, detail);
        }
    }

    private static String describe(TlcRun run) {
        return switch (run.outcome()) {
            case OK -> "OK";
            case INVARIANT_VIOLATED -> "invariant " + run.violatedProperty() + " violated";
            case ACTION_PROPERTY_VIOLATED -> "action property " + run.violatedProperty() + " violated";
            case TEMPORAL_PROPERTY_VIOLATED -> "temporal property violated";
            case DEADLOCK -> "deadlock";
            case ASSUMPTION_VIOLATED -> "assumption violated at " + run.violatedProperty();
            case UNNAMED_VIOLATION -> "a bad step (distributed TLC does not say which property)";
            case TIMEOUT -> "timed out";
            case ERROR -> "error: " + run.errorMessage();
        };
    }
}
