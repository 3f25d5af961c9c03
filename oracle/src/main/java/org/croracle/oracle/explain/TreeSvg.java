package org.croracle.oracle.explain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws a {@link ProcessTree} as inline SVG without Graphviz: each group is a layered tree (one
 * row per depth; a leaf takes the next free column, a parent sits above the middle of its
 * children), groups side by side. Boxes have one size per group, wide enough for the longest
 * label line in a monospace font. Every text is XML-escaped.
 */
final class TreeSvg {
    private TreeSvg() {}

    private static final int CHAR_WIDTH = 7;
    private static final int LINE_HEIGHT = 15;
    private static final int PAD = 6;
    private static final int H_GAP = 16;
    private static final int V_GAP = 34;
    private static final int GROUP_GAP = 40;
    private static final int TOP = 28;

    /** One group laid out: each node's column and depth. */
    private record Layout(Map<String, Double> column, Map<String, Integer> depth, int columns, int depths) {
    }

    static String render(ProcessTree tree) {
        StringBuilder body = new StringBuilder();
        int x0 = PAD;
        int height = TOP;
        for (Map.Entry<String, List<ProcessTree.Node>> g : tree.groups().entrySet()) {
            List<ProcessTree.Node> nodes = g.getValue();
            int w = nodes.stream().flatMap(n -> n.label().stream()).mapToInt(String::length).max().orElse(4)
                    * CHAR_WIDTH + 2 * PAD;
            int h = nodes.stream().mapToInt(n -> n.label().size()).max().orElse(1) * LINE_HEIGHT + 2 * PAD;
            Layout layout = layout(nodes);
            int top = TOP;
            if (!g.getKey().isEmpty()) {
                body.append(String.format("<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", x0, top + 12,
                        Html.escape(g.getKey())));
                top += 20;
            }
            Map<String, int[]> at = new HashMap<>();
            for (ProcessTree.Node n : nodes) {
                int x = x0 + (int) Math.round(layout.column().get(n.id()) * (w + H_GAP));
                int y = top + layout.depth().get(n.id()) * (h + V_GAP);
                at.put(n.id(), new int[] {x, y});
            }
            for (ProcessTree.Node n : nodes) {
                int[] c = at.get(n.id());
                int[] p = n.parent() == null ? null : at.get(n.parent());
                if (p != null) {
                    body.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>%n",
                            p[0] + w / 2, p[1] + h, c[0] + w / 2, c[1]));
                }
            }
            for (ProcessTree.Node n : nodes) {
                int[] c = at.get(n.id());
                String stroke = n.highlighted() ? " stroke=\"#c00\" stroke-width=\"2.5\"" : " stroke=\"#333\"";
                String dash = n.dead() ? " stroke-dasharray=\"4 3\"" : "";
                body.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"%s\"%s%s/>%n",
                        c[0], c[1], w, h, n.highlighted() ? "#fff3f3" : "#ffffff", stroke, dash));
                body.append(String.format("<text x=\"%d\" y=\"%d\">", c[0] + PAD, c[1] + PAD));
                for (String line : n.label()) {
                    body.append(String.format("<tspan x=\"%d\" dy=\"%d\">%s</tspan>", c[0] + PAD, LINE_HEIGHT,
                            Html.escape(line)));
                }
                body.append("</text>\n");
            }
            x0 += layout.columns() * (w + H_GAP) - H_GAP + GROUP_GAP;
            height = Math.max(height, top + layout.depths() * (h + V_GAP));
        }
        int width = Math.max(x0 - GROUP_GAP + PAD, tree.title().length() * CHAR_WIDTH + 2 * PAD);
        return String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"12\">%n"
                        + "<text x=\"%d\" y=\"16\">%s</text>%n%s</svg>%n",
                width, height, width, height, PAD, Html.escape(tree.title()), body);
    }

    /** Columns and depths: roots in node order, children in node order; a cycle is cut where it closes. */
    private static Layout layout(List<ProcessTree.Node> nodes) {
        Map<String, List<String>> children = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        nodes.forEach(n -> ids.add(n.id()));
        List<String> roots = new ArrayList<>();
        for (ProcessTree.Node n : nodes) {
            children.putIfAbsent(n.id(), new ArrayList<>());
            if (n.parent() == null || !ids.contains(n.parent())) {
                roots.add(n.id());
            } else {
                children.computeIfAbsent(n.parent(), k -> new ArrayList<>()).add(n.id());
            }
        }
        Map<String, Double> column = new HashMap<>();
        Map<String, Integer> depth = new HashMap<>();
        int[] next = {0};
        for (String r : roots) {
            place(r, 0, children, column, depth, next);
        }
        for (ProcessTree.Node n : nodes) {
            if (!column.containsKey(n.id())) { // on a parent cycle, unreachable from any root
                place(n.id(), 0, children, column, depth, next);
            }
        }
        int depths = depth.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        return new Layout(column, depth, Math.max(1, next[0]), depths);
    }

    private static void place(String id, int d, Map<String, List<String>> children, Map<String, Double> column,
                              Map<String, Integer> depth, int[] next) {
        column.put(id, -1.0); // on the path: a cycle back to it stops here
        depth.put(id, d);
        List<Double> placed = new ArrayList<>();
        for (String c : children.getOrDefault(id, List.of())) {
            if (!column.containsKey(c)) {
                place(c, d + 1, children, column, depth, next);
                placed.add(column.get(c));
            }
        }
        column.put(id, placed.isEmpty() ? next[0]++ : (placed.get(0) + placed.get(placed.size() - 1)) / 2);
    }
}
