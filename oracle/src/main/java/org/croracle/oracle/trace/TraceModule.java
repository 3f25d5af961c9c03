package org.croracle.oracle.trace;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.croracle.model.tla.TlaValue;

/**
 * Writes a {@link TraceLog} as a TLA+ module for trace validation: the module EXTENDS the spec's
 * hand-written trace module ({@code specs/freeze/TraceFreeze.tla}), which holds the recipe
 * (TraceInit, TraceNext, the table from action names to spec actions, TraceMatched), and only
 * defines the data:
 *
 * <pre>
 * TraceStates  == &lt;&lt; ("cg1" :&gt; [ckpt |-&gt; 0, freezer |-&gt; "THAWED", tstate |-&gt; &lt;&lt; &gt;&gt;]), ... &gt;&gt;
 * TraceActions == &lt;&lt; ("cg1" :&gt; [action |-&gt; "Attach", args |-&gt; &lt;&lt;2&gt;&gt;]), ... &gt;&gt;
 * TraceLive    == &lt;&lt; {"cg1"}, ... &gt;&gt;
 * </pre>
 *
 * Model values (Freeze's {@code Outside}) are written by name: the trace module's configuration
 * must declare them.
 */
public final class TraceModule {
    private TraceModule() {}

    /** The module's text; {@code name} must be the file's name without {@code .tla}. */
    public static String write(String name, String traceModule, TraceLog log) {
        StringBuilder out = new StringBuilder();
        out.append("---- MODULE ").append(name).append(" ----\n");
        out.append("\\* One kernel trace of ").append(log.steps().size()).append(" steps as spec ").append(log.spec())
                .append(" sees it, written by cr-oracle for trace validation (see ").append(traceModule)
                .append(".tla).\n");
        out.append("EXTENDS ").append(traceModule).append("\n\n");
        out.append("\\* The abstract state of every instance before the first step and after each step.\n");
        out.append("TraceStates == ");
        sequence(out, log.states().stream().map(TraceModule::state).toList());
        out.append("\n\\* The action the binding named for each step, per instance it concerns.\n");
        out.append("TraceActions == ");
        sequence(out, log.actions().stream().map(TraceModule::actions).toList());
        out.append("\n\\* The instances that exist in each state.\n");
        out.append("TraceLive == ");
        sequence(out, log.live().stream().map(TraceModule::names).toList());
        out.append("====\n");
        return out.toString();
    }

    private static void sequence(StringBuilder out, List<String> elements) {
        if (elements.isEmpty()) {
            out.append("<< >>\n");
            return;
        }
        out.append("<<\n");
        for (int k = 0; k < elements.size(); k++) {
            out.append("    ").append(elements.get(k)).append(k + 1 < elements.size() ? ",\n" : "\n");
        }
        out.append(">>\n");
    }

    private static String state(Map<String, Map<String, TlaValue>> byInstance) {
        StringJoiner j = function();
        byInstance.forEach((instance, vars) -> {
            StringJoiner r = new StringJoiner(", ", "[", "]");
            vars.forEach((var, value) -> r.add(var + " |-> " + expression(value)));
            j.add(string(instance) + " :> " + r);
        });
        return j.length() == 2 ? "<< >>" : j.toString();
    }

    private static String names(java.util.Set<String> instances) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        instances.forEach(i -> j.add(string(i)));
        return j.toString();
    }

    private static String actions(Map<String, SpecAction> byInstance) {
        StringJoiner j = function();
        byInstance.forEach((instance, action) -> {
            StringJoiner args = new StringJoiner(", ", "<<", ">>");
            action.args().forEach(a -> args.add(expression(a)));
            j.add(string(instance) + " :> [action |-> " + string(action.name()) + ", args |-> " + args + "]");
        });
        return j.length() == 2 ? "<< >>" : j.toString();
    }

    /** A function as {@code (k1 :> v1 @@ k2 :> v2)}; "()" when empty. */
    private static StringJoiner function() {
        return new StringJoiner(" @@ ", "(", ")");
    }

    /** A value as TLA+ source that TLC reads back as the same value. */
    static String expression(TlaValue value) {
        if (value instanceof TlaValue.Int i) {
            return i.value() < 0 ? "(" + i.value() + ")" : Integer.toString(i.value());
        } else if (value instanceof TlaValue.Bool b) {
            return b.value() ? "TRUE" : "FALSE";
        } else if (value instanceof TlaValue.Str s) {
            return string(s.value());
        } else if (value instanceof TlaValue.ModelValue m) {
            return m.name();
        } else if (value instanceof TlaValue.Set s) {
            StringJoiner j = new StringJoiner(", ", "{", "}");
            s.elements().forEach(e -> j.add(expression(e)));
            return j.toString();
        } else if (value instanceof TlaValue.Tuple t) {
            StringJoiner j = new StringJoiner(", ", "<<", ">>");
            t.elements().forEach(e -> j.add(expression(e)));
            return j.toString();
        } else if (value instanceof TlaValue.Record r) {
            if (r.fields().isEmpty()) {
                throw new IllegalArgumentException("TLA+ has no record without fields");
            }
            StringJoiner j = new StringJoiner(", ", "[", "]");
            r.fields().forEach((k, v) -> j.add(k + " |-> " + expression(v)));
            return j.toString();
        }
        TlaValue.Function f = (TlaValue.Function) value;
        if (f.mapping().isEmpty()) {
            return "<< >>"; // TLC's empty function and empty sequence are the same value
        }
        StringJoiner j = function();
        f.mapping().forEach((k, v) -> j.add(expression(k) + " :> " + expression(v)));
        return j.toString();
    }

    /** A TLA+ string literal. */
    private static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
