package org.croracle.oracle.explain;

import java.util.List;

/**
 * An {@link Explanation} as one self-contained HTML page: inline CSS, the tree as inline SVG
 * drawn by {@link TreeSvg} (no Graphviz needed) with its DOT source below, no scripts and no
 * external resources. Every text of the trace is escaped.
 */
public final class ExplanationHtml {
    private ExplanationHtml() {}

    private static final String CSS = """
            body { font-family: sans-serif; margin: 1.5em; color: #222; }
            h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
            table { border-collapse: collapse; font-family: monospace; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 2px 8px; text-align: left; vertical-align: top; white-space: pre; }
            th { background: #f0f0f0; }
            tr.failing td, tr.differs td { background: #fff0c8; }
            tr.failing td.mark, tr.differs td.mark { color: #b00; font-weight: bold; }
            td.num { text-align: right; }
            pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; }
            ul.summary { list-style: none; padding-left: 0; }
            """;

    public static String render(Explanation e) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(e.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        b.append("<h1>").append(Html.escape(e.title())).append("</h1>\n<ul class=\"summary\">\n");
        e.summary().forEach(l -> b.append("<li>").append(Html.escape(l)).append("</li>\n"));
        b.append("</ul>\n<h2>Steps</h2>\n<table class=\"steps\">\n<tr><th></th>");
        e.stepColumns().forEach(c -> b.append("<th>").append(Html.escape(c)).append("</th>"));
        b.append("</tr>\n");
        for (Explanation.StepRow r : e.steps()) {
            b.append(r.failing() ? "<tr class=\"failing\">" : "<tr>").append("<td class=\"mark\">")
                    .append(r.failing() ? Html.escape(ExplanationText.FAILING) : "").append("</td>");
            List<String> cells = r.cells();
            for (int i = 0; i < cells.size(); i++) {
                b.append(i == 0 ? "<td class=\"num\">" : "<td>").append(Html.escape(cells.get(i))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        if (e.stateTitle() != null) {
            b.append("<h2>").append(Html.escape(e.stateTitle())).append("</h2>\n<table class=\"state\">\n<tr><th></th><th>field</th>");
            e.stateColumns().forEach(c -> b.append("<th>").append(Html.escape(c)).append("</th>"));
            b.append("</tr>\n");
            for (Explanation.FieldRow f : e.fields()) {
                b.append(f.differs() ? "<tr class=\"differs\">" : "<tr>").append("<td class=\"mark\">")
                        .append(Html.escape(f.marker())).append("</td><td>").append(Html.escape(f.field())).append("</td>");
                f.values().forEach(v -> b.append("<td>").append(Html.escape(v)).append("</td>"));
                b.append("</tr>\n");
            }
            b.append("</table>\n<ul>\n");
            e.legend().forEach(l -> b.append("<li>").append(Html.escape(l)).append("</li>\n"));
            b.append("</ul>\n");
        }
        if (!e.notes().isEmpty()) {
            b.append("<h2>Notes</h2>\n<pre>").append(Html.escape(String.join("\n", e.notes()))).append("</pre>\n");
        }
        e.tree().ifPresent(t -> {
            b.append("<h2>").append(Html.escape(t.title())).append("</h2>\n<p>Bold red: touched by the step; dashed: "
                    + "a dead task.</p>\n").append(TreeSvg.render(t));
            b.append("<details><summary>Graphviz source</summary>\n<pre>").append(Html.escape(t.dot()))
                    .append("</pre>\n</details>\n");
        });
        return b.append("</body>\n</html>\n").toString();
    }
}
