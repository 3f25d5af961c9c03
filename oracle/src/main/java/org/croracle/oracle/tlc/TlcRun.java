package org.croracle.oracle.tlc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of one model-checking run.
 *
 * @param outcome          how the run ended
 * @param statesGenerated  from TLC's final statistics (or its last progress report); 0 if none
 * @param distinctStates   likewise; -1 for a simulation, which counts no distinct states
 * @param depth            "The depth of the complete state graph search is D", else the depth of
 *                         the last progress report; 0 if none
 * @param elapsed          wall-clock time of the child process
 * @param violatedProperty the invariant or property TLC named; {@code null} if none or unknown
 *                         (TLC 2.18 does not name the temporal property it found violated). For
 *                         {@link TlcOutcome#ASSUMPTION_VIOLATED} it is the assumption's location.
 * @param counterexample   the trace TLC printed (empty if none)
 * @param errorMessage     for {@link TlcOutcome#ERROR} and {@link TlcOutcome#TIMEOUT}: one line
 *                         saying what was wrong and where; {@code null} otherwise
 * @param output           TLC's raw merged stdout and stderr
 */
public record TlcRun(TlcOutcome outcome, long statesGenerated, long distinctStates, int depth, Duration elapsed,
                     String violatedProperty, List<TlcTraceState> counterexample, String errorMessage,
                     String output) {

    public TlcRun {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(elapsed, "elapsed");
        counterexample = counterexample == null ? List.of() : List.copyOf(counterexample);
        output = output == null ? "" : output;
    }

    /** True if TLC checked the whole model and found no error. */
    public boolean holds() {
        return outcome == TlcOutcome.OK;
    }
}
