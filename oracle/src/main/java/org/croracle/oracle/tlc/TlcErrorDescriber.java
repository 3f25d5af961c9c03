package org.croracle.oracle.tlc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.lang3.StringUtils;

/**
 * Builds the one-line {@link TlcRun#errorMessage()} of a run that ended without a result: what
 * was wrong and where, from TLC's messages and SANY's raw lines, never a Java stack trace.
 *
 * <p>Measured with TLC 2.18: a parse error, a semantic error and a missing module appear only
 * as raw SANY text followed by message 3002 "Parsing or semantic analysis failed."; errors in the
 * {@code .cfg} are messages 2222-2243 and 2280-2281 (the cfg names something the spec lacks) or
 * 5001-5006 (the cfg itself is unreadable or malformed, nested inside a general error 1000 that
 * names a Java exception); evaluation errors are message 1000 followed by 2103 with the source
 * positions.
 */
final class TlcErrorDescriber {

    private static final int MAX_LENGTH = 400;

    private static final Set<Integer> NOT_ERRORS = Set.of(
            TlcOutputInterpreter.BEHAVIOR_UP_TO_THIS_POINT, TlcOutputInterpreter.COUNTER_EXAMPLE,
            TlcOutputInterpreter.NESTED_EXPRESSION);

    private static final Pattern COULD_NOT_PARSE = Pattern.compile("Could not parse module (\\S+) from file (\\S+)");
    private static final Pattern IN_MODULE = Pattern.compile("^In module (\\S+)");
    private static final Pattern AT_LINE = Pattern.compile("at line \\d+, column \\d+");
    private static final Pattern MISSING_MODULE =
            Pattern.compile("Cannot find source file for module (\\S+?)( imported in module \\S+?)?\\.?$");
    private static final Pattern OF_MODULE =
            Pattern.compile("^(line \\d+, col \\d+ to line \\d+, col \\d+) of module (\\S+)$");
    private static final Pattern ANY_MODULE = Pattern.compile("of module (\\w+)");
    private static final Pattern ERRORS_COUNT = Pattern.compile("^\\*\\*\\* (?:Errors|Abort messages): (\\d+)");
    private static final Pattern FATAL_IN_FILE = Pattern.compile("Fatal errors while parsing TLA\\+ spec in file (\\S+)");
    private static final Pattern POSITION =
            Pattern.compile("^\\s*\\d+\\. (Line \\d+, column \\d+ to line \\d+, column \\d+) in (\\w+)\\s*$");
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s*at [\\w$.<>]+\\(.*\\)\\s*$");

    private TlcErrorDescriber() {
    }

    /** True for a message that reports an error (not a violation and not a trace header). */
    static boolean isError(ToolMessage m) {
        if (isConfigError(m)) {
            return true;
        }
        if (m.severity() != ToolMessage.Severity.ERROR && m.severity() != ToolMessage.Severity.TLCBUG) {
            return false;
        }
        return !NOT_ERRORS.contains(m.code()) && !isViolation(m.code());
    }

    private static boolean isViolation(int code) {
        return switch (code) {
            case TlcOutputInterpreter.INVARIANT_VIOLATED_INITIAL, TlcOutputInterpreter.PROPERTY_VIOLATED_INITIAL,
                    TlcOutputInterpreter.INVARIANT_VIOLATED_BEHAVIOR,
                    TlcOutputInterpreter.ACTION_PROPERTY_VIOLATED_BEHAVIOR,
                    TlcOutputInterpreter.TEMPORAL_PROPERTY_VIOLATED, TlcOutputInterpreter.DEADLOCK_REACHED,
                    TlcOutputInterpreter.ASSUMPTION_FALSE -> true;
            default -> false;
        };
    }

    private static boolean isConfigError(ToolMessage m) {
        int c = m.code();
        return (c >= 5000 && c < 5100) || (c >= 2222 && c <= 2243) || c == 2280 || c == 2281;
    }

    /** One line: what went wrong and where. */
    static String describe(List<ToolMessage> messages, List<String> raw, String rootModule, String configName,
                           int exitCode) {
        String d = configError(messages, configName);
        if (d == null && sanyFailed(messages, raw)) {
            d = sanyError(raw, rootModule);
        }
        if (d == null) {
            d = otherError(messages, rootModule);
        }
        if (d == null) {
            String last = raw.stream().map(TlcErrorDescriber::clean).filter(StringUtils::isNotBlank)
                    .filter(l -> !l.startsWith("Parsing file") && !l.startsWith("Semantic processing"))
                    .reduce((a, b) -> b).orElse(null);
            d = rootModule + ".tla with " + configName + ": TLC stopped without a result (exit code " + exitCode + ")"
                    + (last == null ? "" : ": " + last);
        }
        return StringUtils.abbreviate(StringUtils.normalizeSpace(d), MAX_LENGTH);
    }

    private static String configError(List<ToolMessage> messages, String configName) {
        return messages.stream().filter(TlcErrorDescriber::isConfigError).findFirst()
                .map(m -> configName + ": " + clean(m.text())).orElse(null);
    }

    private static boolean sanyFailed(List<ToolMessage> messages, List<String> raw) {
        return messages.stream().anyMatch(m -> m.code() == 3002 || m.code() == 2171)
                || raw.stream().anyMatch(l -> l.contains("***Parse Error***") || l.startsWith("Semantic errors:")
                        || l.startsWith("Fatal errors while parsing") || l.contains("Lexical error"));
    }

    private static String sanyError(List<String> raw, String rootModule) {
        // A parse error: SANY names the file in the abort message, the position in the error.
        int parse = indexOf(raw, l -> l.contains("***Parse Error***") || l.contains("Lexical error"));
        if (parse >= 0) {
            String file = null;
            for (String l : raw) {
                Matcher m = COULD_NOT_PARSE.matcher(l);
                if (m.find()) {
                    file = m.group(2);
                    break;
                }
                Matcher in = IN_MODULE.matcher(l.strip());
                if (in.find() && file == null) {
                    file = in.group(1) + ".tla";
                }
            }
            String detail = null;
            for (int i = parse; i < raw.size() && detail == null; i++) {
                String l = raw.get(i).strip();
                if (AT_LINE.matcher(l).find()) {
                    int token = l.indexOf(" and token ");
                    detail = token > 0 ? l.substring(0, token) : l;
                    detail = StringUtils.removeStart(detail, "***Parse Error***").strip();
                }
            }
            return (file == null ? rootModule + ".tla" : file) + " does not parse"
                    + (detail == null ? "" : ": " + clean(detail));
        }
        for (String l : raw) {
            Matcher m = MISSING_MODULE.matcher(l.strip());
            if (m.find()) {
                return m.group(1) + ".tla not found: " + clean(l);
            }
        }
        // Semantic errors and other aborts: "*** Errors: n", a location line, the message.
        int block = indexOf(raw, l -> ERRORS_COUNT.matcher(l).find());
        if (block >= 0) {
            Matcher count = ERRORS_COUNT.matcher(raw.get(block));
            int n = count.find() ? Integer.parseInt(count.group(1)) : 1;
            boolean semantic = raw.get(block).startsWith("*** Errors");
            List<String> entry = new ArrayList<>();
            for (int i = block + 1; i < raw.size(); i++) {
                String l = raw.get(i).strip();
                if (l.isEmpty()) {
                    if (entry.size() >= 2) {
                        break;
                    }
                    continue;
                }
                entry.add(l);
            }
            if (!entry.isEmpty()) {
                String where = entry.get(0);
                String what = clean(String.join(" ", entry.subList(1, entry.size())));
                String more = n > 1 ? " (and " + (n - 1) + " more)" : "";
                Matcher of = OF_MODULE.matcher(where);
                if (of.matches()) {
                    return of.group(2) + ".tla: " + (semantic ? "semantic error" : "error") + " at " + of.group(1)
                            + ": " + what + more;
                }
                Matcher in = IN_MODULE.matcher(where);
                if (in.find()) {
                    return in.group(1) + ".tla: " + what + more;
                }
                String module = fatalFile(raw, rootModule);
                return module + ".tla: " + (where.equals("Unknown location") ? "" : where + ": ") + what + more;
            }
        }
        String first = raw.stream().map(String::strip).filter(StringUtils::isNotBlank)
                .filter(l -> !l.startsWith("Parsing file") && !l.startsWith("Semantic processing"))
                .map(TlcErrorDescriber::clean).filter(StringUtils::isNotBlank).findFirst().orElse(null);
        return fatalFile(raw, rootModule) + ".tla: parsing or semantic analysis failed"
                + (first == null ? "" : ": " + first);
    }

    private static String fatalFile(List<String> raw, String rootModule) {
        for (String l : raw) {
            Matcher m = FATAL_IN_FILE.matcher(l);
            if (m.find()) {
                return m.group(1);
            }
        }
        return rootModule;
    }

    /** Evaluation and other TLC errors: the first error message, located by message 2103 if any. */
    private static String otherError(List<ToolMessage> messages, String rootModule) {
        ToolMessage error = messages.stream().filter(TlcErrorDescriber::isError).findFirst().orElse(null);
        if (error == null) {
            return null;
        }
        String what = clean(error.text());
        if (what.isEmpty()) {
            what = "TLC failed with an internal error (message " + error.code() + "; see the raw output)";
        }
        String module = null;
        String where = null;
        for (ToolMessage m : messages) {
            if (m.code() == TlcOutputInterpreter.NESTED_EXPRESSION) {
                for (String l : m.text().lines().toList()) {
                    Matcher p = POSITION.matcher(l);
                    if (p.matches()) {          // the last position is the innermost expression
                        where = StringUtils.uncapitalize(p.group(1));
                        module = p.group(2);
                    }
                }
                break;
            }
        }
        if (module == null) {
            Matcher m = ANY_MODULE.matcher(error.text());
            module = m.find() ? m.group(1) : rootModule;
        }
        return module + ".tla: " + what + (where == null ? "" : " (at " + where + ")");
    }

    /** TLC text without its exception boilerplate and stack frames, on one line. */
    static String clean(String text) {
        List<String> kept = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String l = line.strip();
            if (l.startsWith(":")) {
                l = l.substring(1).strip();
            }
            if (l.isEmpty() || l.contains("Exception") || STACK_FRAME.matcher(line).matches()
                    || l.startsWith("TLC threw an unexpected exception")
                    || l.startsWith("This was probably caused by an error in the spec or model")
                    || l.startsWith("See the User Output or TLC Console")
                    || l.startsWith("The exception was a")
                    || l.startsWith("Residual stack trace follows")) {
                continue;
            }
            kept.add(l);
        }
        return StringUtils.normalizeSpace(String.join(" ", kept));
    }

    private static int indexOf(List<String> lines, Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
