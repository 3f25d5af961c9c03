package org.croracle.oracle.trace;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.lang3.StringUtils;

/** A plain-text table with aligned columns; columns marked numeric are right-aligned. */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] rightAligned;

    public TextTable(boolean[] rightAligned, String... header) {
        this.rightAligned = rightAligned.clone();
        rows.add(header);
    }

    public void add(String... row) {
        rows.add(row);
    }

    public String render() {
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
                line.append(rightAligned[i] ? StringUtils.leftPad(r[i], width[i]) : StringUtils.rightPad(r[i], width[i]))
                        .append("  ");
            }
            out.append(StringUtils.stripEnd(line.toString(), " ")).append('\n');
        }
        return out.toString();
    }
}
