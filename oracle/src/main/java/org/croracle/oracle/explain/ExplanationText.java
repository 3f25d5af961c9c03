package org.croracle.oracle.explain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.croracle.oracle.trace.TextTable;

/** An {@link Explanation} as plain text: what {@code ./cr explain FILE} prints. */
public final class ExplanationText {
    private ExplanationText() {}

    /** The marker of the failing row of the step table. */
    static final String FAILING = "->";

    public static String render(Explanation e) {
        StringBuilder out = new StringBuilder(e.title()).append('\n');
        e.summary().forEach(l -> out.append("  ").append(l).append('\n'));
        out.append('\n');
        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(e.stepColumns());
        boolean[] right = new boolean[header.size()];
        right[1] = true;
        TextTable steps = new TextTable(right, header.toArray(String[]::new));
        for (Explanation.StepRow r : e.steps()) {
            List<String> cells = new ArrayList<>();
            cells.add(r.failing() ? FAILING : "");
            cells.addAll(r.cells());
            steps.add(cells.toArray(String[]::new));
        }
        out.append(steps.render());
        if (e.stateTitle() != null) {
            out.append('\n').append(e.stateTitle()).append(":\n");
            List<String> sh = new ArrayList<>(List.of("", "field"));
            sh.addAll(e.stateColumns());
            TextTable state = new TextTable(new boolean[sh.size()], sh.toArray(String[]::new));
            for (Explanation.FieldRow f : e.fields()) {
                List<String> cells = new ArrayList<>(List.of(f.marker(), f.field()));
                cells.addAll(f.values());
                state.add(cells.toArray(String[]::new));
            }
            out.append(indent(state.render()));
            e.legend().forEach(l -> out.append("  ").append(l).append('\n'));
        }
        if (!e.notes().isEmpty()) {
            out.append('\n');
            e.notes().forEach(l -> out.append(l).append('\n'));
        }
        e.tree().ifPresent(t -> out.append('\n').append(t.title()).append(" (* = touched by the step; "
                + "./cr explain --dot for Graphviz):\n").append(outline(t)));
        return out.toString();
    }

    /** The tree as indented lines, one per task. */
    static String outline(ProcessTree tree) {
        StringBuilder out = new StringBuilder();
        tree.groups().forEach((group, nodes) -> {
            String indent = "  ";
            if (!group.isEmpty()) {
                out.append("  ").append(group).append(":\n");
                indent = "    ";
            }
            List<String> ids = nodes.stream().map(ProcessTree.Node::id).toList();
            Set<String> done = new HashSet<>();
            for (ProcessTree.Node n : nodes) {
                if (n.parent() == null || !ids.contains(n.parent())) {
                    outline(n, nodes, indent, out, done);
                }
            }
            for (ProcessTree.Node n : nodes) {
                if (!done.contains(n.id())) {
                    outline(n, nodes, indent, out, done); // on a parent cycle
                }
            }
        });
        return out.toString();
    }

    private static void outline(ProcessTree.Node n, List<ProcessTree.Node> nodes, String indent, StringBuilder out,
                                Set<String> done) {
        if (!done.add(n.id())) {
            return;
        }
        out.append(n.highlighted() ? "* " : "  ").append(indent).append(String.join(", ", n.label()))
                .append(n.dead() ? " (dead)" : "").append('\n');
        for (ProcessTree.Node c : nodes) {
            if (n.id().equals(c.parent())) {
                outline(c, nodes, indent + "  ", out, done);
            }
        }
    }

    private static String indent(String block) {
        StringBuilder out = new StringBuilder();
        block.lines().forEach(l -> out.append("  ").append(l).append('\n'));
        return out.toString();
    }
}
