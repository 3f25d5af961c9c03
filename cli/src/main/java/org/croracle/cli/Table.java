package org.croracle.cli;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.lang3.StringUtils;

/** A plain-text table with aligned columns; numeric columns are right-aligned. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] numeric;

    Table(boolean[] numeric, String... header) {
        this.numeric = numeric;
        rows.add(header);
    }

    void add(String... row) {
        rows.add(row);
    }

    String render() {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(numeric[i] ? StringUtils.leftPad(r[i], width[i]) : StringUtils.rightPad(r[i], width[i]))
                        .append("  ");
            }
            out.append(StringUtils.stripEnd(line.toString(), " ")).append('\n');
        }
        return out.toString();
    }

    static String count(long n) {
        return n < 0 ? "-" : String.format("%,d", n);
    }

    static String seconds(java.time.Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
