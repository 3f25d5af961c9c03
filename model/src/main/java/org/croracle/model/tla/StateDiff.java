package org.croracle.model.tla;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The differences between two abstract states, one line per changed variable, or per changed
 * entry of a function-valued variable ({@code tstate[5]: "running" -> "frozen"}), so that a reader
 * sees the field that differs in the spec's words.
 */
public final class StateDiff {
    private StateDiff() {}

    /** One changed place: {@code where} is a variable or {@code variable[key]}; absent sides are null. */
    public record Change(String where, TlaValue before, TlaValue after) {
        @Override
        public String toString() {
            return where + ": " + show(before) + " -> " + show(after);
        }

        private static String show(TlaValue v) {
            return v == null ? "(absent)" : TlaValues.format(v);
        }
    }

    public static List<Change> between(Map<String, TlaValue> before, Map<String, TlaValue> after) {
        List<Change> changes = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            TlaValue b = before.get(name);
            TlaValue a = after.get(name);
            if (Objects.equals(a, b)) {
                continue;
            }
            if (b instanceof TlaValue.Function fb && a instanceof TlaValue.Function fa) {
                TreeSet<TlaValue> keys = new TreeSet<>(TlaValues.ORDER);
                keys.addAll(fb.mapping().keySet());
                keys.addAll(fa.mapping().keySet());
                for (TlaValue key : keys) {
                    TlaValue vb = fb.mapping().get(key);
                    TlaValue va = fa.mapping().get(key);
                    if (!Objects.equals(vb, va)) {
                        changes.add(new Change(name + "[" + TlaValues.format(key) + "]", vb, va));
                    }
                }
            } else {
                changes.add(new Change(name, b, a));
            }
        }
        return changes;
    }
}
