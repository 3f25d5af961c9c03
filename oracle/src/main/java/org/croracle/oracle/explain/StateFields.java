package org.croracle.oracle.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValueParser;
import org.croracle.model.tla.TlaValues;

/**
 * An abstract state as the list of its fields: a function or a record is opened into one field
 * per entry ({@code task[2].parent}), down to values that are not. TLC prints a function on
 * {@code 1..n} as a tuple, so a tuple is opened too when it is a variable's value ({@code
 * tstate[2]}) or holds records or functions; a tuple inside a record ({@code pids}) stays whole.
 * A reader then sees exactly which entry of which variable differs, not two long values to
 * compare by eye.
 */
final class StateFields {
    private StateFields() {}

    /** Every field of the state, in the variables' order, each with its value in TLA+ notation. */
    static Map<String, String> of(Map<String, TlaValue> state) {
        Map<String, String> out = new LinkedHashMap<>();
        state.forEach((name, value) -> open(name, value, true, out));
        return out;
    }

    /**
     * The fields of a state as TLC printed it: each value read back and opened as {@link #of}
     * does; a value that does not read back stays one field, as printed.
     */
    static Map<String, String> ofText(Map<String, String> variables) {
        Map<String, String> out = new LinkedHashMap<>();
        variables.forEach((name, text) -> {
            try {
                open(name, TlaValueParser.parse(text), true, out);
            } catch (IllegalArgumentException e) {
                out.put(name, text.strip());
            }
        });
        return out;
    }

    /** A TLC state's values read back, or null when one does not read (it is then shown but not handed to TLC). */
    static Map<String, TlaValue> values(Map<String, String> variables) {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : variables.entrySet()) {
            try {
                out.put(e.getKey(), TlaValueParser.parse(e.getValue()));
            } catch (IllegalArgumentException ex) {
                return null;
            }
        }
        return out;
    }

    /** Every field name of several states, in the order they first appear. */
    static List<String> names(List<Map<String, String>> states) {
        Set<String> names = new LinkedHashSet<>();
        states.forEach(s -> names.addAll(s.keySet()));
        return new ArrayList<>(names);
    }

    private static void open(String name, TlaValue value, boolean variable, Map<String, String> out) {
        if (value instanceof TlaValue.Function f && !f.mapping().isEmpty()) {
            f.mapping().forEach((k, v) -> open(name + "[" + TlaValues.format(k) + "]", v, false, out));
        } else if (value instanceof TlaValue.Record r && !r.fields().isEmpty()) {
            r.fields().forEach((k, v) -> open(name + "." + k, v, false, out));
        } else if (value instanceof TlaValue.Tuple t && !t.elements().isEmpty() && (variable || t.elements().stream()
                .allMatch(e -> e instanceof TlaValue.Record || e instanceof TlaValue.Function))) {
            for (int i = 0; i < t.elements().size(); i++) {
                open(name + "[" + (i + 1) + "]", t.elements().get(i), false, out);
            }
        } else {
            out.put(name, TlaValues.format(value));
        }
    }
}
