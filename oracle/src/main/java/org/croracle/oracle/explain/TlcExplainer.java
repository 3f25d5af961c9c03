package org.croracle.oracle.explain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.tlc.TlcCounterexample;
import org.croracle.oracle.tlc.TlcOutcome;
import org.croracle.oracle.tlc.TlcTraceState;

/**
 * Explains a TLC counterexample: one row per state with the action TLC names and its arguments,
 * and the last step (the one into the violating state, or the last before a liveness lasso
 * closes) field by field.
 *
 * <p>TLC 2.18 prints an action's name but not its arguments. Given the spec loaded in-process,
 * each step's action and arguments are found again by walking the model's next-state relation
 * with its own quantifiers' values in the state before the step and evaluating each action it
 * reaches on the step ({@link SpecOracle#actionsOfNext}).
 */
public final class TlcExplainer {
    private TlcExplainer() {}

    /** Alternatives shown when several argument tuples allow a step. */
    private static final int MAX_ALTERNATIVES = 3;
    /** Changed fields named in the step table's row, before "+N more". */
    private static final int MAX_CHANGES = 3;
    private static final List<String> COLUMNS = List.of("step", "action", "arguments", "changes");

    /**
     * @param source   how to name the file in the title
     * @param c        the counterexample
     * @param oracle   the counterexample's spec loaded in-process, or empty (no arguments then)
     * @param noOracle why there is no oracle (shown in a note), when {@code oracle} is empty
     */
    public static Explanation explain(String source, TlcCounterexample c, Optional<SpecOracle> oracle, String noOracle) {
        return explain(source, c, oracle, noOracle, 0);
    }

    /**
     * The same, with the state diff of step {@code focus} (a state number, 1 for the initial
     * state) instead of the failing step's: any step of a long counterexample can be looked at
     * field by field. 0 means the failing step.
     *
     * @throws IllegalArgumentException when the counterexample has no state {@code focus}
     */
    public static Explanation explain(String source, TlcCounterexample c, Optional<SpecOracle> oracle, String noOracle,
                                      int focus) {
        List<TlcTraceState> states = c.states();
        int failing = states.size() - 1;
        while (failing > 0 && states.get(failing).isLassoEnd()) {
            failing--;
        }
        int shown = failing;
        if (focus != 0) {
            shown = -1;
            for (int i = 0; i < states.size(); i++) {
                if (states.get(i).number() == focus && !states.get(i).stuttering() && states.get(i).backToState() <= 0) {
                    shown = i;
                }
            }
            if (shown < 0) {
                throw new IllegalArgumentException("the counterexample has no state " + focus + " (it has states 1.."
                        + states.get(failing).number() + ")");
            }
        }
        List<Map<String, String>> fields = new ArrayList<>();
        List<Map<String, TlaValue>> values = new ArrayList<>();
        for (TlcTraceState s : states) {
            fields.add(StateFields.ofText(s.variables()));
            values.add(StateFields.values(s.variables()));
        }

        List<Explanation.StepRow> rows = new ArrayList<>();
        boolean argumentsMissing = false;
        for (int i = 0; i < states.size(); i++) {
            TlcTraceState s = states.get(i);
            String action = s.action();
            String args;
            String changes;
            if (s.stuttering()) {
                args = "";
                changes = "stutters forever";
            } else if (s.backToState() > 0) {
                args = "";
                changes = "back to state " + s.backToState();
            } else if (i == 0 || s.isInitial()) {
                args = "";
                changes = "(initial state: " + fields.get(i).size() + " fields)";
            } else {
                String[] identified = identify(oracle, s.action(), values.get(i - 1), values.get(i));
                action = identified[0];
                args = identified[1];
                argumentsMissing |= args.equals("?");
                changes = changes(fields.get(i - 1), fields.get(i));
            }
            rows.add(new Explanation.StepRow(List.of(Integer.toString(s.number()), action, args, changes),
                    i == shown));
        }

        String failingAction = rows.get(failing).cells().get(1);
        List<String> summary = List.of("violated: " + c.violation() + where(c, states, failing, failingAction),
                states.size() + (states.size() == 1 ? " state" : " states")
                        + (c.config() == null ? "" : ", model " + c.config()) + " (" + c.origin() + ")");
        TlcTraceState last = states.get(shown);
        String lastAction = rows.get(shown).cells().get(1);
        if (shown == 0) {
            List<Explanation.FieldRow> initial = new ArrayList<>();
            fields.get(0).forEach((k, v) -> initial.add(new Explanation.FieldRow("", k, List.of(v))));
            return new Explanation("TLC counterexample: " + source, summary, COLUMNS, rows,
                    "the initial state (state 1), every field", List.of("state 1"), initial, List.of(),
                    notes(c, oracle, noOracle, rows, values.get(0), argumentsMissing), tree(values.get(0), 1, Set.of()),
                    true);
        }
        TlcTraceState previous = states.get(shown - 1);
        Map<String, String> b = fields.get(shown - 1);
        Map<String, String> a = fields.get(shown);
        List<Explanation.FieldRow> fieldRows = new ArrayList<>();
        Set<String> changed = new HashSet<>();
        for (String name : StateFields.names(List.of(b, a))) {
            String vb = b.getOrDefault(name, Explanation.FieldRow.ABSENT);
            String va = a.getOrDefault(name, Explanation.FieldRow.ABSENT);
            if (!vb.equals(va)) {
                changed.add(name);
            }
            fieldRows.add(new Explanation.FieldRow(vb.equals(va) ? "" : "*", name, List.of(vb, va)));
        }
        return new Explanation("TLC counterexample: " + source, summary, COLUMNS, rows,
                "state " + previous.number() + " -> state " + last.number() + " (" + lastAction + "), every field",
                List.of("state " + previous.number(), "state " + last.number()), fieldRows,
                List.of("* = changed by this step"), notes(c, oracle, noOracle, rows, values.get(failing), argumentsMissing),
                tree(values.get(shown), last.number(), changed), true);
    }

    private static Optional<ProcessTree> tree(Map<String, TlaValue> state, int number, Set<String> changed) {
        return state == null ? Optional.empty()
                : ProcessTrees.abstractState("process tree in state " + number, state, changed);
    }

    /** How the arguments were found, what TLC in-process says of the last state, what a "Next" label means. */
    private static List<String> notes(TlcCounterexample c, Optional<SpecOracle> oracle, String noOracle,
                                      List<Explanation.StepRow> rows, Map<String, TlaValue> last, boolean argumentsMissing) {
        List<String> notes = new ArrayList<>();
        if (oracle.isPresent()) {
            notes.add("arguments: TLC prints only each action's name; these were found with TLC in-process, by "
                    + "walking the model's Next with its own quantifiers' values in the state before each step"
                    + (argumentsMissing ? " ('?': no action of Next allows the step)" : "") + ".");
            if (c.outcome() == TlcOutcome.INVARIANT_VIOLATED && last != null) {
                List<String> broken = oracle.get().violatedInvariants(last);
                if (!broken.isEmpty()) {
                    notes.add("in the last state, TLC in-process finds false: " + String.join(", ", broken) + ".");
                }
            }
        } else {
            notes.add("arguments: not found (" + noOracle + "); TLC prints only each action's name.");
        }
        if (rows.stream().anyMatch(r -> r.cells().get(1).contains("Next"))) {
            notes.add("TLC names a step Next (or BugNext) when Next's quantifier ranges over a set that depends on "
                    + "the state; 'Next: A' names the disjuncts A of Next that allow the step.");
        }
        return notes;
    }

    /** Where the violation shows, in words. */
    private static String where(TlcCounterexample c, List<TlcTraceState> states, int failing, String action) {
        TlcTraceState s = states.get(failing);
        String after = s.isInitial() ? " (the initial state)" : " (after " + action + ")";
        return switch (c.outcome()) {
            case INVARIANT_VIOLATED -> ", in state " + s.number() + after;
            case ACTION_PROPERTY_VIOLATED -> ", by the step into state " + s.number() + after;
            case DEADLOCK -> ": state " + s.number() + after + " has no successor";
            case TEMPORAL_PROPERTY_VIOLATED -> {
                TlcTraceState end = states.get(states.size() - 1);
                yield end.stuttering() ? ": after state " + s.number() + " the behaviour stutters forever"
                        : end.backToState() > 0 ? ": from state " + s.number() + " the behaviour loops back to state "
                        + end.backToState() + " forever" : "";
            }
            default -> "";
        };
    }

    private static String changes(Map<String, String> before, Map<String, String> after) {
        List<String> changed = StateFields.names(List.of(before, after)).stream()
                .filter(n -> !before.getOrDefault(n, "").equals(after.getOrDefault(n, ""))).toList();
        if (changed.isEmpty()) {
            return "(no change)";
        }
        String shown = String.join(", ", changed.subList(0, Math.min(MAX_CHANGES, changed.size())));
        return changed.size() > MAX_CHANGES ? shown + " +" + (changed.size() - MAX_CHANGES) + " more" : shown;
    }

    /**
     * The step's action and arguments as TLC in-process finds them: {label, arguments}, the
     * arguments "" for an action without parameters and "?" when not found. A step TLC labels
     * only with a Next (its quantifier ranges over a set that depends on the state) is named
     * after the spec's action operators that allow it: {"Next: Fork", "1, 2"}. The arguments come
     * from walking the Next relation with its own quantifiers' values in the state before the
     * step ({@link SpecOracle#actionsOfNext}); only where that finds nothing are tuples of the
     * values in the two states tried.
     */
    private static String[] identify(Optional<SpecOracle> oracle, String label, Map<String, TlaValue> before,
                                     Map<String, TlaValue> after) {
        if (oracle.isEmpty() || before == null || after == null) {
            return new String[] {label, "?"};
        }
        if (label.endsWith("Next")) {
            Map<String, List<List<TlaValue>>> hits = oracle.get().actionsOfNext(label, before, after);
            if (hits.isEmpty()) {
                hits = new LinkedHashMap<>();
                List<TlaValue> candidates = candidates(before, after);
                for (String op : oracle.get().disjunctActions(label)) {
                    if (hits.size() < MAX_ALTERNATIVES) {
                        List<List<TlaValue>> found = oracle.get().argumentsAllowing(op, candidates, before, after);
                        if (!found.isEmpty()) {
                            hits.put(op, found);
                        }
                    }
                }
            }
            Map<String, List<List<TlaValue>>> allowing = hits;
            List<String> names = allowing.keySet().stream().limit(MAX_ALTERNATIVES).toList();
            return allowing.isEmpty() ? new String[] {label, "?"} : new String[] {label + ": " + String.join(" | ", names),
                    names.stream().map(n -> format(allowing.get(n))).collect(Collectors.joining(" | "))};
        }
        List<List<TlaValue>> found = oracle.get().actionsOfNext(null, before, after).getOrDefault(label, List.of());
        if (found.isEmpty()) {
            found = oracle.get().argumentsAllowing(label, candidates(before, after), before, after);
        }
        return new String[] {label, found.isEmpty() ? "?" : format(found)};
    }

    private static String format(List<List<TlaValue>> tuples) {
        String shown = tuples.stream().limit(MAX_ALTERNATIVES)
                .map(t -> t.stream().map(TlaValues::format).collect(Collectors.joining(", ")))
                .collect(Collectors.joining(" | "));
        return tuples.size() > MAX_ALTERNATIVES ? shown + " | ..." : shown;
    }

    /** Every scalar value and function key (a tuple's indexes too) in the two states: what an action's arguments are made of. */
    static List<TlaValue> candidates(Map<String, TlaValue> before, Map<String, TlaValue> after) {
        TreeSet<TlaValue> out = new TreeSet<>(TlaValues.ORDER);
        out.add(TlaValue.of(true));
        out.add(TlaValue.of(false));
        before.values().forEach(v -> atoms(v, out));
        after.values().forEach(v -> atoms(v, out));
        return new ArrayList<>(out);
    }

    private static void atoms(TlaValue v, Set<TlaValue> out) {
        if (v instanceof TlaValue.Function f) {
            f.mapping().forEach((k, x) -> {
                atoms(k, out);
                atoms(x, out);
            });
        } else if (v instanceof TlaValue.Record r) {
            r.fields().values().forEach(x -> atoms(x, out));
        } else if (v instanceof TlaValue.Tuple t) {
            // TLC prints a function on 1..n as a tuple: its domain is made of candidates too
            for (int i = 0; i < t.elements().size(); i++) {
                out.add(TlaValue.of(i + 1));
                atoms(t.elements().get(i), out);
            }
        } else if (v instanceof TlaValue.Set s) {
            s.elements().forEach(x -> atoms(x, out));
        } else {
            out.add(v);
        }
    }
}
