package org.croracle.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./cr bench --html OUT}: one self-contained page (no script, no stylesheet or font from
 * elsewhere) with the summary and plots drawn as inline SVG: the time per task against the tasks
 * on a log axis for planning, checkpoint and restart, where a linear call is a flat line and the
 * chain a point beside it; steps/s per spec; the image's speeds as fractions of a raw copy.
 */
final class BenchReport {
    private BenchReport() {}

    /** One point of a plot: x, y, and the error of y (0 if unknown). */
    record Point(double x, double y, double error) {
    }

    /** A series of points drawn in one colour, joined by a line if {@code line}. */
    record Series(String name, String colour, boolean line, List<Point> points) {
    }

    /** A bar: a label, a value and its error (0 if unknown). */
    record Bar(String label, double value, double error) {
    }

    private static final int W = 540; // two plots side by side in a window 1,200 pixels wide
    private static final int H = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 45;

    /**
     * The page: a heading, the lines of the summary, then the plots.
     *
     * @param header  what was run, on which machine, at what load
     * @param summary the summary's lines, as ./cr bench prints them
     * @param plots   SVG elements made by {@link #perTask} and {@link #bars}
     */
    static String page(String header, List<String> summary, List<String> plots) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>cr bench</title>\n")
                .append("<style>body{font-family:sans-serif;margin:24px;max-width:1180px}")
                .append("table{border-collapse:collapse}td{border-bottom:1px solid #ddd;padding:4px 8px;font-size:14px}")
                .append(".plots{display:flex;flex-wrap:wrap;gap:16px}svg{border:1px solid #ccc;background:#fff}")
                .append("</style></head><body>\n<h1>cr bench</h1>\n<p>").append(escape(header)).append("</p>\n");
        b.append("<h2>Summary</h2>\n<table>\n");
        for (String line : summary) {
            b.append("<tr><td>").append(escape(line)).append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Plots</h2>\n<div class=\"plots\">\n");
        plots.forEach(p -> b.append(p).append('\n'));
        b.append("</div>\n</body></html>\n");
        return b.toString();
    }

    /**
     * A plot of time per task (y, linear from 0) against tasks (x, log 10), one series per shape;
     * each point labelled with its value; error bars where known.
     */
    static String perTask(String title, String yUnit, List<Series> series, double target, String targetLabel) {
        List<Point> all = new ArrayList<>();
        series.forEach(s -> all.addAll(s.points()));
        // the x axis spans every size, measured or not, so that plots of one run line up
        double xMin = Math.floor(Math.log10(all.stream().mapToDouble(Point::x).min().orElse(1000)));
        double xMax = Math.ceil(Math.log10(all.stream().mapToDouble(Point::x).max().orElse(100000)));
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        all.removeIf(p -> !Double.isFinite(p.y()));
        double yMax = niceCeiling(Math.max(target, all.stream().mapToDouble(p -> p.y() + p.error()).max().orElse(1)) * 1.15);
        StringBuilder b = svgStart(title);
        double lo = xMin;
        double hi = xMax;
        java.util.function.DoubleUnaryOperator px = x -> LEFT + (Math.log10(x) - lo) / (hi - lo) * (W - LEFT - RIGHT);
        java.util.function.DoubleUnaryOperator py = y -> H - BOTTOM - y / yMax * (H - TOP - BOTTOM);
        // axes, ticks at every power of ten and five steps of y
        b.append(line(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM, "#000")).append(line(LEFT, TOP, LEFT, H - BOTTOM, "#000"));
        for (double e = xMin; e <= xMax; e++) {
            double x = px.applyAsDouble(Math.pow(10, e));
            b.append(line(x, H - BOTTOM, x, H - BOTTOM + 5, "#000"));
            b.append(text(x, H - BOTTOM + 18, "middle", String.format(Locale.ROOT, "%,d", (long) Math.pow(10, e))));
        }
        for (int i = 0; i <= 5; i++) {
            double v = yMax * i / 5;
            double y = py.applyAsDouble(v);
            b.append(line(LEFT - 5, y, W - RIGHT, y, i == 0 ? "#000" : "#eee"));
            b.append(text(LEFT - 8, y + 4, "end", format(v)));
        }
        b.append(text((LEFT + W - RIGHT) / 2.0, H - 8, "middle", "tasks (log scale)"));
        if (target > 0) {
            double y = py.applyAsDouble(target);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c00\" "
                    + "stroke-dasharray=\"5,4\"/>", LEFT, y, W - RIGHT, y));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#c00\" "
                    + "text-anchor=\"start\">%s</text>", LEFT + 6, y - 4, escape(targetLabel)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 %d)\">%s</text>", (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2, escape(yUnit)));
        int legend = 0;
        for (Series s : series) {
            List<Point> pts = s.points().stream().filter(p -> Double.isFinite(p.y())).toList();
            if (pts.isEmpty()) {
                continue;
            }
            if (s.line() && pts.size() > 1) {
                StringBuilder path = new StringBuilder();
                for (Point p : pts) {
                    path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                            px.applyAsDouble(p.x()), py.applyAsDouble(p.y())));
                }
                b.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(s.colour())
                        .append("\" stroke-width=\"2\"/>");
            }
            for (Point p : pts) {
                double x = px.applyAsDouble(p.x());
                double y = py.applyAsDouble(p.y());
                if (p.error() > 0) {
                    b.append(line(x, py.applyAsDouble(p.y() - p.error()), x, py.applyAsDouble(p.y() + p.error()), s.colour()));
                }
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"><title>%s: %s tasks, "
                        + "%s %s</title></circle>", x, y, s.colour(), escape(s.name()), String.format(Locale.ROOT, "%,d",
                        (long) p.x()), format(p.y()), escape(yUnit)));
                boolean nearRight = x > W - RIGHT - 60;
                b.append(text(nearRight ? x - 8 : x + 8, y - 8, nearRight ? "end" : "start", format(p.y())));
            }
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
                    W - RIGHT - 150, TOP + legend * 16, s.colour()));
            b.append(text(W - RIGHT - 135, TOP + legend * 16 + 9, "start", s.name()));
            legend++;
        }
        return b.append("</svg>").toString();
    }

    /** Horizontal bars, each labelled with its value; a dashed line at {@code target} if it is positive. */
    static String bars(String title, String unit, List<Bar> bars, double target, String targetLabel) {
        double max = niceCeiling(Math.max(target, bars.stream().mapToDouble(x -> x.value() + x.error()).max().orElse(1)) * 1.1);
        int rowH = 34;
        int height = TOP + BOTTOM + rowH * Math.max(1, bars.size());
        StringBuilder b = svgStart(title, height);
        int left = 120;
        java.util.function.DoubleUnaryOperator px = v -> left + v / max * (W - left - RIGHT - 60);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double y = TOP + i * rowH + 6;
            b.append(text(left - 8, y + 15, "end", bar.label()));
            if (Double.isFinite(bar.value())) {
                b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"20\" fill=\"#4a7ebb\">"
                        + "<title>%s: %s %s</title></rect>", left, y, px.applyAsDouble(bar.value()) - left, escape(bar.label()),
                        format(bar.value()), escape(unit)));
                if (bar.error() > 0) {
                    b.append(line(px.applyAsDouble(bar.value() - bar.error()), y + 10, px.applyAsDouble(bar.value() + bar.error()),
                            y + 10, "#000"));
                }
                b.append(text(px.applyAsDouble(bar.value() + bar.error()) + 6, y + 15, "start", format(bar.value())));
            } else {
                b.append(text(left + 6, y + 15, "start", "not measured"));
            }
        }
        double axis = height - BOTTOM;
        b.append(line(left, axis, W - RIGHT - 60, axis, "#000"));
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            b.append(line(px.applyAsDouble(v), axis, px.applyAsDouble(v), axis + 5, "#000"));
            b.append(text(px.applyAsDouble(v), axis + 18, "middle", format(v)));
        }
        b.append(text((left + W - RIGHT - 60) / 2.0, height - 8, "middle", unit));
        if (target > 0) {
            double x = px.applyAsDouble(target);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" "
                    + "stroke-dasharray=\"5,4\"/>", x, TOP - 4, x, axis));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#c00\" text-anchor=\"middle\">"
                    + "%s</text>", x, TOP - 8, escape(targetLabel)));
        }
        return b.append("</svg>").toString();
    }

    private static StringBuilder svgStart(String title) {
        return svgStart(title, H);
    }

    private static StringBuilder svgStart(String title, int height) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\"><text x=\"%d\" y=\"20\" font-size=\"14\" "
                + "font-weight=\"bold\">%s</text>", W, height, W, height, LEFT, escape(title)));
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", x1, y1,
                x2, y2, colour);
    }

    private static String text(double x, double y, String anchor, String s) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"%s\">%s</text>", x,
                y, anchor, escape(s));
    }

    /** A figure with three significant digits or so, grouped by thousands. */
    static String format(double v) {
        double a = Math.abs(v);
        return a >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The smallest of 1, 2 and 5 times a power of ten at or above v. */
    static double niceCeiling(double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
