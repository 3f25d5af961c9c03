package org.croracle.oracle.trace;

import java.util.List;
import java.util.stream.Collectors;

import org.croracle.model.tla.StateDiff;
import org.croracle.model.tla.TlaValues;

/** A trace as a person reads it: numbered steps, the spec actions they were checked as, and the divergence. */
public final class StepTable {
    private StepTable() {}

    public static String render(TraceResult trace) {
        TextTable table = new TextTable(new boolean[] {true, false, false, false},
                "step", "kernel step", "spec action (instance)", "verdict");
        for (CheckedStep cs : trace.steps()) {
            String checks = cs.checks().stream().map(c -> c.instance() + ": "
                    + (c.action() == null ? "(no action)" : c.action().toString())).collect(Collectors.joining("; "));
            boolean failed = cs.checks().stream().anyMatch(c -> !c.holds());
            String verdict = failed ? "DIVERGES" : cs.checks().isEmpty() && trace.divergence().isPresent()
                    && cs.step().index() > trace.divergence().get().step().index() ? "-" : "ok";
            table.add(Long.toString(cs.step().index()), cs.step().toString(), checks, verdict);
        }
        StringBuilder out = new StringBuilder(table.render());
        trace.divergence().ifPresent(d -> out.append('\n').append(describe(d)));
        return out.toString();
    }

    /** The divergence in words: where, which action, which fields, what the spec would have done. */
    public static String describe(Divergence d) {
        StringBuilder out = new StringBuilder();
        out.append(headline(d)).append('\n');
        if (d.action() != null) {
            out.append("  expected action: ").append(d.action()).append('\n');
        }
        out.append("  abstract state before the step:\n");
        d.before().forEach((k, v) -> out.append("    ").append(k).append(" = ").append(TlaValues.format(v)).append('\n'));
        out.append("  what the implementation did:\n");
        appendChanges(out, d.diff(), "    (nothing changed)");
        specAnswer(d).forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    /** The first line of {@link #describe}: which step diverges from which spec, and why. */
    public static String headline(Divergence d) {
        String where = d.step() == null ? "the initial state" : "step " + d.step().index() + " (" + d.step() + ")";
        return where + " diverges from spec " + d.spec() + " in " + d.instance() + ": " + d.reason();
    }

    /**
     * What the spec would have done instead, as the last lines of {@link #describe}: each state
     * its action allows (the fields where it differs from the implementation's), or that the
     * action is not enabled, and the actions that would allow the implementation's step.
     */
    public static List<String> specAnswer(Divergence d) {
        StringBuilder out = new StringBuilder();
        for (List<StateDiff.Change> alt : d.specWouldGive()) {
            out.append("  where the spec's ").append(d.action().name()).append(" would instead have (implementation -> spec):\n");
            appendChanges(out, alt, "    (the same state: the failure is elsewhere, e.g. an invariant)");
        }
        if (d.action() != null && d.specWouldGive().isEmpty()) {
            out.append("  the spec's ").append(d.action()).append(" is not enabled in the state before the step")
                    .append(d.falseConjunct().isPresent() ? ": its precondition\n" : "\n");
        } else if (d.falseConjunct().isPresent()) {
            out.append("  the spec's ").append(d.action()).append(" is enabled, but does not allow this step: its conjunct\n");
        }
        d.falseConjunct().ifPresent(f -> f.lines("    ").forEach(l -> out.append(l).append('\n')));
        out.append("  actions of the spec that allow the implementation's step: ")
                .append(d.allowedBy().isEmpty() ? "none" : String.join(", ", d.allowedBy())).append('\n');
        return out.toString().lines().toList();
    }

    private static void appendChanges(StringBuilder out, List<StateDiff.Change> changes, String none) {
        if (changes.isEmpty()) {
            out.append(none).append('\n');
        }
        changes.forEach(c -> out.append("    ").append(c).append('\n'));
    }
}
