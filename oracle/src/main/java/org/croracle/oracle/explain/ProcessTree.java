package org.croracle.oracle.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A process tree to draw: tasks with their parent, a few lines of label each, dead tasks
 * (zombies, exited) drawn dashed, the tasks the failing step touched drawn bold. Nodes may come in
 * groups (one per variable of a spec that holds a tree, such as Restart's saved and restored
 * trees), each drawn as a tree of its own.
 *
 * @param title what the tree shows ("the kernel after step 3")
 * @param nodes parents before children is not required
 */
public record ProcessTree(String title, List<Node> nodes) {

    /**
     * One task.
     *
     * @param group       the tree it belongs to ("" when there is one)
     * @param id          unique within its group
     * @param parent      its parent's id, or null (a root, or a parent outside the tree)
     * @param label       lines of text, the name first
     * @param dead        a zombie or exited task
     * @param highlighted touched by the failing step
     */
    public record Node(String group, String id, String parent, List<String> label, boolean dead, boolean highlighted) {
        public Node {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(id, "id");
            label = List.copyOf(label);
        }
    }

    public ProcessTree {
        Objects.requireNonNull(title, "title");
        nodes = List.copyOf(nodes);
    }

    /** The nodes by group, in the order groups first appear. */
    public Map<String, List<Node>> groups() {
        Map<String, List<Node>> out = new LinkedHashMap<>();
        nodes.forEach(n -> out.computeIfAbsent(n.group(), g -> new ArrayList<>()).add(n));
        return out;
    }

    /** Graphviz source: boxes, parent to child edges, dashed dead tasks, bold (red) touched ones. */
    public String dot() {
        StringBuilder b = new StringBuilder("digraph tree {\n  label=").append(quote(title))
                .append(";\n  labelloc=t;\n  node [shape=box];\n");
        int cluster = 0;
        for (Map.Entry<String, List<Node>> g : groups().entrySet()) {
            String indent = "  ";
            if (!g.getKey().isEmpty()) {
                b.append("  subgraph cluster_").append(cluster++).append(" {\n    label=").append(quote(g.getKey()))
                        .append(";\n");
                indent = "    ";
            }
            for (Node n : g.getValue()) {
                List<String> style = new ArrayList<>();
                if (n.dead()) {
                    style.add("dashed");
                }
                if (n.highlighted()) {
                    style.add("bold");
                }
                b.append(indent).append(quote(key(n.group(), n.id()))).append(" [label=")
                        .append(quote(String.join("\n", n.label())));
                if (!style.isEmpty()) {
                    b.append(" style=").append(quote(String.join(",", style)));
                }
                if (n.highlighted()) {
                    b.append(" color=red");
                }
                b.append("];\n");
            }
            for (Node n : g.getValue()) {
                if (n.parent() != null && g.getValue().stream().anyMatch(p -> p.id().equals(n.parent()))) {
                    b.append(indent).append(quote(key(n.group(), n.parent()))).append(" -> ")
                            .append(quote(key(n.group(), n.id()))).append(";\n");
                }
            }
            if (!g.getKey().isEmpty()) {
                b.append("  }\n");
            }
        }
        return b.append("}\n").toString();
    }

    private static String key(String group, String id) {
        return group.isEmpty() ? id : group + "/" + id;
    }

    /** A DOT string: quotes and backslashes escaped, line breaks as DOT's \n. */
    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
