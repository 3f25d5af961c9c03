package org.croracle.oracle.explain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A failing trace as a person reads it, whatever it came from (a TLC counterexample, a scenario
 * replayed under the oracle): a few lines saying what it is, a numbered table of steps with the
 * failing one marked, the abstract state before and after that step field by field, notes (what
 * the spec would have done instead), and the process tree at that step when the state has one.
 * The text and HTML reports print exactly this.
 *
 * @param title        one line: what was explained ("TLC counterexample: specs/.../X.tla")
 * @param summary      the verdict and its context, one sentence a line
 * @param stepColumns  the step table's header
 * @param steps        its rows
 * @param stateTitle   what the state table shows ("state 3 -> state 4 (BuggyWriteThawed)"); null
 *                     when there is no failing step
 * @param stateColumns the state table's value columns ("state 3", "state 4"; the oracle adds the
 *                     spec's state)
 * @param fields       every field of the abstract state, one row each
 * @param legend       what the markers of the state table mean
 * @param notes        further lines (the spec's alternatives, how arguments were found)
 * @param tree         the process tree at the failing step, if the state has one
 * @param failed       whether the trace shows a failure (a violation, a divergence): exit code 1
 */
public record Explanation(String title, List<String> summary, List<String> stepColumns, List<StepRow> steps,
                          String stateTitle, List<String> stateColumns, List<FieldRow> fields, List<String> legend,
                          List<String> notes, Optional<ProcessTree> tree, boolean failed) {

    /** One step: its cells in column order; {@code failing} marks the step the explanation is about. */
    public record StepRow(List<String> cells, boolean failing) {
        public StepRow {
            cells = List.copyOf(cells);
        }
    }

    /**
     * One field of the abstract state ({@code tstate[3]}, {@code task[2].parent}): its values in
     * the order of {@link #stateColumns} ({@link #ABSENT} where the field does not exist), and a
     * marker saying how they differ (empty when they do not).
     */
    public record FieldRow(String marker, String field, List<String> values) {
        public static final String ABSENT = "(absent)";

        public FieldRow {
            Objects.requireNonNull(marker, "marker");
            values = List.copyOf(values);
        }

        public boolean differs() {
            return !marker.isEmpty();
        }
    }

    public Explanation {
        Objects.requireNonNull(title, "title");
        summary = List.copyOf(summary);
        stepColumns = List.copyOf(stepColumns);
        steps = List.copyOf(steps);
        stateColumns = List.copyOf(stateColumns);
        fields = List.copyOf(fields);
        legend = List.copyOf(legend);
        notes = List.copyOf(notes);
        Objects.requireNonNull(tree, "tree");
    }
}
