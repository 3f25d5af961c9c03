package org.croracle.model.tla;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a value back from the TLA+ notation TLC prints in a counterexample ({@code (2 :>
 * "running" @@ 3 :> "frozen")}, {@code [ns |-> 0, pids |-> <<1>>]}, {@code {1, 2}}, {@code
 * 1..3}, a bare name for a model value), the inverse of {@link TlaValues#format}. A counterexample
 * saved as text can so be diffed field by field, drawn as a tree and handed back to TLC.
 */
public final class TlaValueParser {

    private final String text;
    private int pos;

    private TlaValueParser(String text) {
        this.text = text;
    }

    /**
     * Parses one value.
     *
     * @throws IllegalArgumentException naming the character offset, for text that is not a value
     *                                  in TLC's notation (an operator application, say)
     */
    public static TlaValue parse(String text) {
        TlaValueParser p = new TlaValueParser(text);
        TlaValue v = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "'");
        }
        return v;
    }

    private TlaValue value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("a value is missing");
        }
        char c = text.charAt(pos);
        if (c == '"') {
            return string();
        } else if (c == '-' || Character.isDigit(c)) {
            return numberOrInterval();
        } else if (startsWith("<<")) {
            pos += 2;
            List<TlaValue> elements = list(">>");
            return new TlaValue.Tuple(elements);
        } else if (c == '{') {
            pos++;
            TreeSet<TlaValue> elements = new TreeSet<>(TlaValues.ORDER);
            elements.addAll(list("}"));
            return new TlaValue.Set(elements);
        } else if (c == '[') {
            pos++;
            return record();
        } else if (c == '(') {
            pos++;
            return function();
        } else if (Character.isLetter(c) || c == '_') {
            String name = identifier();
            return switch (name) {
                case "TRUE" -> TlaValue.of(true);
                case "FALSE" -> TlaValue.of(false);
                default -> new TlaValue.ModelValue(name);
            };
        }
        throw error("unexpected '" + c + "'");
    }

    /** Comma-separated values up to {@code close} (consumed); empty when {@code close} comes first. */
    private List<TlaValue> list(String close) {
        List<TlaValue> out = new ArrayList<>();
        skipSpace();
        if (startsWith(close)) {
            pos += close.length();
            return out;
        }
        while (true) {
            out.add(value());
            skipSpace();
            if (startsWith(close)) {
                pos += close.length();
                return out;
            }
            expect(",");
        }
    }

    /** {@code [f |-> v, ...]} after the bracket: a record. */
    private TlaValue record() {
        Map<String, TlaValue> fields = new LinkedHashMap<>();
        skipSpace();
        if (startsWith("]")) {
            pos++;
            return TlaValues.record(fields);
        }
        while (true) {
            skipSpace();
            String name = identifier();
            skipSpace();
            expect("|->");
            fields.put(name, value());
            skipSpace();
            if (startsWith("]")) {
                pos++;
                return TlaValues.record(fields);
            }
            expect(",");
        }
    }

    /** {@code (k :> v @@ k2 :> v2)} after the parenthesis: a function on an explicit domain. */
    private TlaValue function() {
        Map<TlaValue, TlaValue> mapping = new LinkedHashMap<>();
        while (true) {
            TlaValue key = value();
            skipSpace();
            expect(":>");
            mapping.put(key, value());
            skipSpace();
            if (startsWith(")")) {
                pos++;
                return TlaValues.function(mapping);
            }
            expect("@@");
        }
    }

    private TlaValue string() {
        StringBuilder b = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return TlaValue.str(b.toString());
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                b.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'f' -> '\f';
                    default -> e;
                });
            } else {
                b.append(c);
            }
        }
        throw error("a string is not closed");
    }

    private TlaValue numberOrInterval() {
        int low = integer();
        if (startsWith("..")) {
            pos += 2;
            int high = integer();
            List<Integer> range = new ArrayList<>();
            for (long i = low; i <= high; i++) {
                range.add((int) i);
            }
            return TlaValues.intSet(range);
        }
        return TlaValue.of(low);
    }

    private int integer() {
        int start = pos;
        if (pos < text.length() && text.charAt(pos) == '-') {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        try {
            return Integer.parseInt(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("not a 32-bit integer: '" + text.substring(start, pos) + "'");
        }
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("a name is missing");
        }
        return text.substring(start, pos);
    }

    private void expect(String token) {
        skipSpace();
        if (!startsWith(token)) {
            throw error("'" + token + "' is missing");
        }
        pos += token.length();
    }

    private boolean startsWith(String token) {
        return text.startsWith(token, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("not a TLA+ value at offset " + pos + ": " + what);
    }
}
