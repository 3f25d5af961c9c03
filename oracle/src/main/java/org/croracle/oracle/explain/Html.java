package org.croracle.oracle.explain;

/** Escaping for HTML and SVG text and attribute values. */
final class Html {
    private Html() {}

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // control characters other than tab and line breaks are not allowed in XML 1.0
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        b.append('?');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
