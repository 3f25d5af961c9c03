package org.croracle.oracle.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;

import org.croracle.oracle.tlc.TlcModelChecker;
import org.croracle.oracle.tlc.TlcOutcome;
import org.croracle.oracle.tlc.TlcRequest;
import org.croracle.oracle.tlc.TlcRun;

/**
 * Trace validation the standard way: one kernel trace, written as a TLA+ module
 * ({@link TraceModule}) that EXTENDS the spec's trace module ({@code specs/X/TraceX.tla}), checked
 * by its own TLC process. TraceNext forces every variable to the next logged state and requires the
 * logged action, so the behaviour is the trace itself: TLC reports the {@code TraceMatched}
 * invariant violated in the last state when the spec accepts the whole trace, a deadlock at the
 * first step it does not allow, or another invariant violated after a step.
 *
 * <p>It answers the same question as the in-process step oracle ({@link RefinementChecker}), about
 * a thousand times more slowly (a JVM start and a parse per trace); {@code ./cr bench} measures
 * both on the same traces, and the two agreeing is a cross-check of the oracle that uses only TLC's
 * command line.
 */
public final class TraceValidation {

    /** The module the writer generates (a fresh directory per trace, so the name can be fixed). */
    static final String MODULE = "CheckedTrace";
    static final String MATCHED = "TraceMatched";

    /** How one trace fared. */
    public enum Outcome {
        /** The spec allows every step: TraceMatched was violated in the last state. */
        ACCEPTED,
        /** The spec does not allow the trace: see {@link Result#step()} and {@link Result#reason()}. */
        REJECTED,
        /** TLC could not check the trace (a parse error, a value TLC cannot evaluate, a timeout). */
        ERROR
    }

    /**
     * @param outcome  accepted, rejected or not checked
     * @param step     for REJECTED: the kernel step (1-based) that is not allowed or after which an
     *                 invariant fails; 0 when the first state does not satisfy Init; -1 otherwise
     * @param reason   one line for REJECTED and ERROR; null for ACCEPTED
     * @param elapsed  wall-clock time, module writing and the TLC process included
     */
    public record Result(Outcome outcome, int step, String reason, Duration elapsed) {
        public boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }
    }

    private final TlcModelChecker tlc;
    private final Path specDir;
    private final String traceModule;
    private final Duration timeout;

    /**
     * @param specDir     the spec's folder, which holds {@code traceModule}.tla and .cfg and the
     *                    modules it instantiates
     * @param traceModule the hand-written trace module ("TraceFreeze")
     */
    public TraceValidation(TlcModelChecker tlc, Path specDir, String traceModule, Duration timeout) {
        this.tlc = tlc;
        this.specDir = specDir.toAbsolutePath().normalize();
        this.traceModule = traceModule;
        this.timeout = timeout;
    }

    /** Checks one trace in a TLC process of its own. */
    public Result check(TraceLog log) {
        long start = System.nanoTime();
        Path dir = createDirectory();
        try {
            Files.writeString(dir.resolve(MODULE + ".tla"), TraceModule.write(MODULE, traceModule, log));
            TlcRun run = tlc.run(new TlcRequest(dir, MODULE, specDir.resolve(traceModule + ".cfg").toString(),
                    List.of(specDir), 1, timeout), null);
            return interpret(run, log, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace module in " + dir, e);
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * TLC's verdict on a trace module, in trace terms. The counterexample is the matched prefix:
     * its last state is the one the next step could not leave (a deadlock) or the one that breaks
     * an invariant.
     */
    static Result interpret(TlcRun run, TraceLog log, Duration elapsed) {
        int states = log.states().size();
        int reached = run.counterexample().size();
        boolean violation = run.outcome() == TlcOutcome.INVARIANT_VIOLATED || run.outcome() == TlcOutcome.DEADLOCK;
        // A deadlock leaves a state that has a next step; an invariant may fail in any state.
        int last = run.outcome() == TlcOutcome.DEADLOCK ? states - 1 : states;
        if (violation && (reached < 1 || reached > last)) {
            return new Result(Outcome.ERROR, -1, run.outcome() + " with a behaviour of " + reached + " states for a trace of "
                    + states + ": TLC's output was not understood", elapsed);
        }
        switch (run.outcome()) {
            case INVARIANT_VIOLATED: {
                if (MATCHED.equals(run.violatedProperty())) {
                    return reached == states ? new Result(Outcome.ACCEPTED, -1, null, elapsed)
                            : new Result(Outcome.ERROR, -1, MATCHED + " violated after " + reached + " of " + states
                                    + " states: the trace module is inconsistent", elapsed);
                }
                int step = reached - 1;
                return new Result(Outcome.REJECTED, step, step == 0
                        ? "the first state violates " + run.violatedProperty()
                        : "after step " + step + " (" + log.steps().get(step - 1) + ") the invariant "
                                + run.violatedProperty() + " does not hold", elapsed);
            }
            case DEADLOCK: {
                int step = reached; // the last matched state is state `reached`; step `reached` leaves it
                return new Result(Outcome.REJECTED, step, "step " + step + " (" + log.steps().get(step - 1)
                        + ") is not allowed as " + logged(log, step), elapsed);
            }
            case OK:
                // No initial state: TLC finds nothing to check and reports success.
                return run.distinctStates() == 0
                        ? new Result(Outcome.REJECTED, 0, "the first state does not satisfy Init", elapsed)
                        : new Result(Outcome.ERROR, -1, "TLC found no end of the trace", elapsed);
            case ERROR:
            case TIMEOUT:
                return new Result(Outcome.ERROR, -1, run.errorMessage(), elapsed);
            default:
                return new Result(Outcome.ERROR, -1, "unexpected TLC outcome " + run.outcome(), elapsed);
        }
    }

    /** The actions logged for a step, for example {@code cg1: Fork(2, 3)}. */
    private static String logged(TraceLog log, int step) {
        Map<String, SpecAction> actions = log.actions().get(step - 1);
        if (actions.isEmpty()) {
            return "a step that leaves every instance unchanged";
        }
        StringJoiner j = new StringJoiner(", ");
        actions.forEach((instance, action) -> j.add(instance + ": " + action));
        return j.toString();
    }

    private static Path createDirectory() {
        try {
            Path base = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "cr-trace-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for a trace module", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a leftover directory must not hide the verdict
        }
    }
}
