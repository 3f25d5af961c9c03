package org.croracle.oracle.tlc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns TLC's {@code -tool} output, fed line by line, into progress reports and finally a
 * {@link TlcRun}: the outcome, the state-space figures, the counterexample and, for errors, a
 * one-line description. Kept apart from the process handling so that it can be tested on
 * recorded output. Not thread-safe.
 */
final class TlcOutputInterpreter {

    // Message codes of TLC 2.18 (tlc2.output.EC) that this class reacts to.
    static final int GENERAL = 1000;
    static final int INITIAL_STATE_ERROR = 2102;
    static final int NESTED_EXPRESSION = 2103;
    static final int ASSUMPTION_FALSE = 2104;
    static final int INVARIANT_VIOLATED_INITIAL = 2107;
    static final int PROPERTY_VIOLATED_INITIAL = 2108;
    static final int INVARIANT_VIOLATED_BEHAVIOR = 2110;
    static final int ACTION_PROPERTY_VIOLATED_BEHAVIOR = 2112;
    static final int DEADLOCK_REACHED = 2114;
    static final int TEMPORAL_PROPERTY_VIOLATED = 2116;
    static final int BEHAVIOR_UP_TO_THIS_POINT = 2121;
    static final int BACK_TO_STATE = 2122;
    static final int SUCCESS = 2193;
    static final int SEARCH_DEPTH = 2194;
    static final int STATS = 2199;
    static final int PROGRESS_STATS = 2200;
    /** A simulation's final figure: "The number of states generated: N" (it counts no distinct states). */
    static final int SIMULATION_STATS = 2210;
    static final int STATE_PRINT2 = 2217;
    static final int STATE_PRINT3 = 2218;
    static final int COUNTER_EXAMPLE = 2264;

    private static final Pattern FIGURES = Pattern.compile(
            "([\\d,]+) states generated(?: \\([^)]*\\))?, ([\\d,]+) distinct states found(?: \\([^)]*\\))?, "
                    + "([\\d,]+) states left on queue");
    private static final Pattern SIMULATED = Pattern.compile("The number of states generated: ([\\d,]+)");
    private static final Pattern PROGRESS_DEPTH = Pattern.compile("Progress\\((\\d+)\\)");
    private static final Pattern DEPTH = Pattern.compile("The depth of the complete state graph search is (\\d+)");

    private static final Pattern INVARIANT = Pattern.compile("^Invariant (\\S+) is violated");
    private static final Pattern ACTION_PROPERTY = Pattern.compile("^Action property (\\S+) is violated");
    private static final Pattern PROPERTY_INITIAL = Pattern.compile("^Property (\\S+) is violated by the initial state");
    private static final Pattern ASSUMPTION = Pattern.compile("^Assumption (.*) is false\\.?$");
    /** Message 2102 of the distributed server: an initial state violates an invariant. */
    private static final Pattern INITIAL_INVARIANT = Pattern.compile("^Error: Invariant (\\S+) is violated");
    private static final String WHILE_ON_INITIAL_STATE = "While working on the initial state:";

    private static final Pattern STATE_HEADER = Pattern.compile("^(\\d+): <(.*)>\\s*$");
    private static final Pattern STUTTERING = Pattern.compile("^(\\d+): Stuttering\\s*$");
    private static final Pattern BACK_TO = Pattern.compile("^(\\d+): Back to state:?\\s*(.*?)\\s*$");
    private static final Pattern LABEL = Pattern.compile("^(.*?) (line \\d+, col \\d+ to line \\d+, col \\d+ of module \\S+)$");
    private static final Pattern SINGLE_VARIABLE = Pattern.compile("^([A-Za-z0-9_]+) = (.*)$");

    private final Consumer<TlcProgress> progress;
    private final Consumer<ToolMessage> listener;
    private final ToolOutputParser parser;
    private final List<ToolMessage> messages = new ArrayList<>();
    private final List<String> rawLines = new ArrayList<>();
    private final List<TlcTraceState> trace = new ArrayList<>();

    private long statesGenerated;
    private long distinctStates;
    private boolean finalFigures;
    private int progressDepth;
    private int searchDepth = -1;
    private boolean success;
    private boolean behaviorPrinted;
    private ToolMessage violation;

    TlcOutputInterpreter(Consumer<TlcProgress> progress) {
        this(progress, null);
    }

    /**
     * @param listener receives every message as soon as it is complete, after this interpreter
     *                 has taken it into account (the distributed checker waits for the server's
     *                 "ready" and counts its workers); may be null
     */
    TlcOutputInterpreter(Consumer<TlcProgress> progress, Consumer<ToolMessage> listener) {
        this.progress = progress == null ? p -> { } : progress;
        this.listener = listener == null ? m -> { } : listener;
        this.parser = new ToolOutputParser(new ToolOutputParser.Listener() {
            @Override
            public void message(ToolMessage message) {
                onMessage(message);
            }

            @Override
            public void rawLine(String line) {
                rawLines.add(line);
            }
        });
    }

    /** Feeds one line of output. */
    void accept(String line) {
        parser.accept(line);
    }

    /**
     * The result, once the output is complete.
     *
     * @param timedOut   the child was killed at the deadline
     * @param exitCode   the child's exit code (only for the fallback error message)
     * @param timeout    the request's timeout (for the TIMEOUT message)
     * @param rootModule the root module, named in error messages
     * @param configName the cfg file name, named in error messages
     */
    TlcRun finish(boolean timedOut, int exitCode, Duration elapsed, Duration timeout, String rootModule,
                  String configName, String output) {
        parser.finish();
        // A simulation reports no depth: its depth is that of the behaviour it printed.
        int depth = searchDepth >= 0 ? searchDepth : distinctStates < 0 ? trace.size() : progressDepth;
        TlcOutcome outcome;
        String property = null;
        String error = null;
        if (timedOut) {
            outcome = TlcOutcome.TIMEOUT;
            error = rootModule + ".tla with " + configName + ": TLC did not finish within "
                    + describe(timeout) + " and was stopped";
        } else if (violation != null) {
            String first = violation.firstLine();
            switch (violation.code()) {
                case INVARIANT_VIOLATED_INITIAL, INVARIANT_VIOLATED_BEHAVIOR -> {
                    outcome = TlcOutcome.INVARIANT_VIOLATED;
                    property = group(INVARIANT, first);
                }
                case INITIAL_STATE_ERROR -> {
                    outcome = TlcOutcome.INVARIANT_VIOLATED;
                    property = group(INITIAL_INVARIANT, first);
                }
                case ACTION_PROPERTY_VIOLATED_BEHAVIOR -> {
                    outcome = TlcOutcome.ACTION_PROPERTY_VIOLATED;
                    property = group(ACTION_PROPERTY, first);
                }
                case PROPERTY_VIOLATED_INITIAL -> {
                    outcome = TlcOutcome.TEMPORAL_PROPERTY_VIOLATED;
                    property = group(PROPERTY_INITIAL, first);
                }
                case TEMPORAL_PROPERTY_VIOLATED -> outcome = TlcOutcome.TEMPORAL_PROPERTY_VIOLATED;
                case DEADLOCK_REACHED -> outcome = TlcOutcome.DEADLOCK;
                case ASSUMPTION_FALSE -> {
                    outcome = TlcOutcome.ASSUMPTION_VIOLATED;
                    property = group(ASSUMPTION, first);
                }
                default -> throw new IllegalStateException("not a violation: " + violation.code());
            }
        } else if (success && !hasErrorMessage()) {
            outcome = TlcOutcome.OK;
        } else if (behaviorPrinted && !hasErrorMessage()) {
            // Only TLC's distributed server prints a behaviour without saying why: it drops the
            // message of the error its worker reported and prints the last step alone.
            outcome = TlcOutcome.UNNAMED_VIOLATION;
        } else {
            outcome = TlcOutcome.ERROR;
            error = TlcErrorDescriber.describe(messages, rawLines, rootModule, configName, exitCode);
        }
        return new TlcRun(outcome, statesGenerated, distinctStates, depth, elapsed, property, trace, error, output);
    }

    private boolean hasErrorMessage() {
        return messages.stream().anyMatch(TlcErrorDescriber::isError);
    }

    private void onMessage(ToolMessage m) {
        messages.add(m);
        interpret(m);
        listener.accept(m);
    }

    private void interpret(ToolMessage m) {
        switch (m.code()) {
            case PROGRESS_STATS -> {
                Matcher d = PROGRESS_DEPTH.matcher(m.text());
                Matcher f = FIGURES.matcher(m.text());
                if (d.find() && f.find()) {
                    progressDepth = Integer.parseInt(d.group(1));
                    if (!finalFigures) {
                        statesGenerated = number(f.group(1));
                        distinctStates = number(f.group(2));
                    }
                    progress.accept(new TlcProgress(progressDepth, number(f.group(1)), number(f.group(2)),
                            number(f.group(3))));
                }
            }
            case STATS -> {
                Matcher f = FIGURES.matcher(m.text());
                if (f.find()) {
                    finalFigures = true;
                    statesGenerated = number(f.group(1));
                    distinctStates = number(f.group(2));
                    progress.accept(new TlcProgress(progressDepth, statesGenerated, distinctStates,
                            number(f.group(3))));
                }
            }
            case SIMULATION_STATS -> {
                Matcher f = SIMULATED.matcher(m.text());
                if (f.find()) {
                    finalFigures = true;
                    statesGenerated = number(f.group(1));
                    distinctStates = -1;
                }
            }
            case SEARCH_DEPTH -> {
                Matcher d = DEPTH.matcher(m.text());
                if (d.find()) {
                    searchDepth = Integer.parseInt(d.group(1));
                }
            }
            case SUCCESS -> success = true;
            case BEHAVIOR_UP_TO_THIS_POINT -> behaviorPrinted = true;
            case INITIAL_STATE_ERROR -> {
                // The distributed server reports an initial state that violates an invariant
                // this way (the single-process TLC uses 2107); any other 2102 stays an error.
                if (INITIAL_INVARIANT.matcher(m.firstLine()).find()) {
                    noteViolation(m);
                    int at = m.text().indexOf(WHILE_ON_INITIAL_STATE);
                    Map<String, String> vars = at < 0 ? Map.of()
                            : parseVariables(m.text().substring(at + WHILE_ON_INITIAL_STATE.length()).lines().toList());
                    if (trace.isEmpty() && !vars.isEmpty()) {
                        trace.add(new TlcTraceState(1, TlcTraceState.INITIAL_PREDICATE, "", vars, false, 0));
                    }
                }
            }
            case STATE_PRINT2, STATE_PRINT3, BACK_TO_STATE -> {
                TlcTraceState s = parseState(m.text(), trace);
                if (s != null) {
                    trace.add(s);
                }
            }
            case INVARIANT_VIOLATED_INITIAL, PROPERTY_VIOLATED_INITIAL -> {
                noteViolation(m);
                // The initial state is printed inside the message itself, not as a trace.
                if (trace.isEmpty()) {
                    String body = m.text().contains("\n") ? m.text().substring(m.text().indexOf('\n') + 1) : "";
                    Map<String, String> vars = parseVariables(body.lines().toList());
                    if (!vars.isEmpty()) {
                        trace.add(new TlcTraceState(1, TlcTraceState.INITIAL_PREDICATE, "", vars, false, 0));
                    }
                }
            }
            case INVARIANT_VIOLATED_BEHAVIOR, ACTION_PROPERTY_VIOLATED_BEHAVIOR, TEMPORAL_PROPERTY_VIOLATED,
                    DEADLOCK_REACHED, ASSUMPTION_FALSE -> noteViolation(m);
            default -> { }
        }
    }

    private void noteViolation(ToolMessage m) {
        if (violation == null) {
            violation = m;
        }
    }

    /**
     * Parses the text of one state message (2217), a stuttering end (2218) or a back-to-state end
     * (2122); {@code before} is the trace so far (a lasso end copies a state's variables).
     * Returns null for text that is not a state.
     */
    static TlcTraceState parseState(String text, List<TlcTraceState> before) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty()) {
            return null;
        }
        String header = lines.get(0).strip();
        TlcTraceState previous = before.isEmpty() ? null : before.get(before.size() - 1);
        Map<String, String> previousVars = previous == null ? Map.of() : previous.variables();

        Matcher stutter = STUTTERING.matcher(header);
        if (stutter.matches()) {
            return new TlcTraceState(Integer.parseInt(stutter.group(1)), TlcTraceState.STUTTERING, "",
                    previousVars, true, 0);
        }
        Matcher back = BACK_TO.matcher(header);
        if (back.matches()) {
            int first = Integer.parseInt(back.group(1));
            String rest = back.group(2);
            int number;
            int target;
            String label;
            if (rest.matches("\\d+")) {        // "N: Back to state M" (newer TLC)
                number = first;
                target = Integer.parseInt(rest);
                label = "";
            } else {                            // "M: Back to state: <Action ...>" (TLC 2.18)
                number = previous == null ? first : previous.number() + 1;
                target = first;
                label = rest.startsWith("<") && rest.endsWith(">") ? rest.substring(1, rest.length() - 1) : rest;
            }
            Map<String, String> targetVars = before.stream().filter(s -> s.number() == target)
                    .findFirst().map(TlcTraceState::variables).orElse(Map.of());
            String[] al = splitLabel(label);
            return new TlcTraceState(number, al[0], al[1], targetVars, false, Math.max(target, 1));
        }
        Matcher m = STATE_HEADER.matcher(header);
        if (!m.matches()) {
            return null;
        }
        String[] al = splitLabel(m.group(2));
        return new TlcTraceState(Integer.parseInt(m.group(1)), al[0], al[1],
                parseVariables(lines.subList(1, lines.size())), false, 0);
    }

    /** Splits {@code "Settle line 164, col 5 to line 167, col 33 of module Freeze"} into name and location. */
    private static String[] splitLabel(String label) {
        String l = label.strip();
        Matcher m = LABEL.matcher(l);
        if (m.matches()) {
            return new String[] {m.group(1), m.group(2)};
        }
        return new String[] {l, ""};
    }

    /**
     * Parses {@code /\ var = value} lines (or a single {@code var = value}); a line that starts
     * with white space continues the previous value and is joined to it with one space.
     */
    static Map<String, String> parseVariables(List<String> lines) {
        Map<String, StringBuilder> values = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("/\\ ")) {
                String conjunct = line.substring(3);
                int eq = conjunct.indexOf(" = ");
                if (eq > 0) {
                    current = new StringBuilder(conjunct.substring(eq + 3).strip());
                    values.put(conjunct.substring(0, eq).strip(), current);
                    continue;
                }
            } else if (!Character.isWhitespace(line.charAt(0)) && values.isEmpty()) {
                Matcher single = SINGLE_VARIABLE.matcher(line);
                if (single.matches()) {
                    current = new StringBuilder(single.group(2).strip());
                    values.put(single.group(1), current);
                    continue;
                }
            }
            if (current != null) {
                current.append(' ').append(line.strip());
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        values.forEach((k, v) -> result.put(k, v.toString()));
        return result;
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    private static String describe(Duration d) {
        long s = d.toSeconds();
        return s > 0 && d.toMillis() % 1000 == 0 ? s + " s" : d.toMillis() + " ms";
    }
}
