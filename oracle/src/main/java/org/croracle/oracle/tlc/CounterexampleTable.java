package org.croracle.oracle.tlc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.lang3.StringUtils;

/**
 * Renders a counterexample as a plain-text table, one row per state: the step number, the
 * action, and what changed since the previous state ({@code var: old -> new}; every variable for
 * the initial state). A row with several changes continues on the next lines under the
 * "changes" column; values stay on their line, however long. A liveness lasso ends with a row
 * "stutters forever" or "back to state M".
 */
public final class CounterexampleTable {

    private static final String GAP = "  ";
    private static final int MAX_ACTION_WIDTH = 40;

    private CounterexampleTable() {
    }

    public static String render(List<TlcTraceState> trace) {
        Objects.requireNonNull(trace, "trace");
        if (trace.isEmpty()) {
            return "(no counterexample)\n";
        }
        List<String[]> rows = new ArrayList<>();  // {step, action, change} per printed line
        TlcTraceState previous = null;
        for (TlcTraceState s : trace) {
            List<String> changes = changes(previous, s);
            for (int i = 0; i < changes.size(); i++) {
                rows.add(i == 0
                        ? new String[] {Integer.toString(s.number()), s.action(), changes.get(i)}
                        : new String[] {"", "", changes.get(i)});
            }
            if (!s.isLassoEnd()) {
                previous = s;
            }
        }
        int stepWidth = "step".length();
        int actionWidth = "action".length();
        for (String[] r : rows) {
            stepWidth = Math.max(stepWidth, r[0].length());
            actionWidth = Math.max(actionWidth, Math.min(MAX_ACTION_WIDTH, r[1].length()));
        }
        StringBuilder sb = new StringBuilder();
        line(sb, "step", "action", "changes", stepWidth, actionWidth);
        line(sb, "-".repeat(stepWidth), "-".repeat(actionWidth), "-".repeat("changes".length()), stepWidth,
                actionWidth);
        for (String[] r : rows) {
            if (r[1].length() > actionWidth) {
                // an over-long action name gets a line of its own, so the columns stay aligned
                line(sb, r[0], r[1], "", stepWidth, actionWidth);
                line(sb, "", "", r[2], stepWidth, actionWidth);
            } else {
                line(sb, r[0], r[1], r[2], stepWidth, actionWidth);
            }
        }
        return sb.toString();
    }

    private static List<String> changes(TlcTraceState previous, TlcTraceState s) {
        List<String> out = new ArrayList<>();
        if (s.stuttering()) {
            out.add("stutters forever");
            return out;
        }
        if (s.backToState() > 0) {
            out.add("back to state " + s.backToState());
            return out;
        }
        Map<String, String> before = previous == null ? Map.of() : previous.variables();
        for (Map.Entry<String, String> e : s.variables().entrySet()) {
            String now = oneLine(e.getValue());
            String old = before.get(e.getKey());
            if (previous == null || old == null) {
                out.add(e.getKey() + ": " + now);
            } else if (!oneLine(old).equals(now)) {
                out.add(e.getKey() + ": " + oneLine(old) + " -> " + now);
            }
        }
        for (String gone : before.keySet()) {
            if (!s.variables().containsKey(gone)) {
                out.add(gone + ": " + oneLine(before.get(gone)) + " -> (absent)");
            }
        }
        if (out.isEmpty()) {
            out.add("(no change)");
        }
        return out;
    }

    /** Joins a value that still spans lines (values inside strings keep their spaces). */
    private static String oneLine(String value) {
        return value.strip().replaceAll("[ \\t]*\\R\\s*", " ");
    }

    private static void line(StringBuilder sb, String step, String action, String change, int stepWidth,
                             int actionWidth) {
        String l = StringUtils.leftPad(step, stepWidth) + GAP + StringUtils.rightPad(action, actionWidth) + GAP + change;
        sb.append(StringUtils.stripEnd(l, " ")).append('\n');
    }
}
