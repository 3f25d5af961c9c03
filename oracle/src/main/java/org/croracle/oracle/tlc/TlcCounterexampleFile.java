package org.croracle.oracle.tlc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A counterexample as a text file. {@code ./cr tlc --save-trace} writes what TLC itself prints
 * without {@code -tool} ({@code Error: Invariant X is violated.}, then {@code State N: <Action
 * line ..., col ... of module M>} and {@code /\ var = value} lines per state), under a few
 * comment lines that name the spec, its configuration and its library folders:
 *
 * <pre>
 * \* cr-oracle: a TLC counterexample (./cr tlc --save-trace); read it with ./cr explain FILE
 * \* spec: specs/freeze/bugs/ThawWhileCheckpointing.tla
 * \* config: specs/freeze/bugs/ThawWhileCheckpointing.cfg
 * \* library: specs/freeze
 * Error: Invariant NoThawWhileCheckpointing is violated.
 * Error: The behavior up to this point is:
 * State 1: &lt;Initial predicate&gt;
 * /\ ckpt = 0
 * ...
 * </pre>
 *
 * So the same reader takes TLC's own console output too (the log of {@code java tlc2.TLC Spec},
 * where the spec is the first "Parsing file" and the configuration is MODULE.cfg beside it), and
 * TLC's {@code -tool} output, which goes through {@link TlcOutputInterpreter}.
 */
public final class TlcCounterexampleFile {
    private TlcCounterexampleFile() {}

    public static final String HEADER = "\\* cr-oracle: a TLC counterexample (./cr tlc --save-trace); "
            + "read it with ./cr explain FILE";
    static final String SAVED = "saved by ./cr tlc --save-trace";

    private static final Pattern KEY = Pattern.compile("^\\\\\\*\\s*(spec|config|library):\\s*(.+?)\\s*$");
    private static final Pattern STATE_LINE = Pattern.compile("^State (\\d+:.*)$");
    private static final Pattern PARSING = Pattern.compile("Parsing file (.+\\.tla)\\s*$");
    private static final Pattern INVARIANT = Pattern.compile("^Error: Invariant (\\S+) is violated");
    private static final Pattern ACTION_PROPERTY = Pattern.compile("^Error: Action property (\\S+) is violated");
    private static final Pattern INITIAL_STATE = Pattern.compile("is violated by the initial state:?\\s*$");
    private static final String TEMPORAL = "Error: Temporal properties were violated";
    private static final String DEADLOCK = "Error: Deadlock reached";
    private static final String TOOL_MARKER = "@!@!@STARTMSG";
    /** TLC's standard modules: their "Parsing file" lines name TLC's temporary folder, not a library. */
    private static final Set<String> STANDARD = Set.of("Naturals", "Integers", "Sequences", "FiniteSets", "TLC",
            "Bags", "Reals", "RealTime", "TLCExt", "Json", "Randomization", "Toolbox", "_TLCTrace");

    /** Whether the text is a saved counterexample or TLC's output (with or without {@code -tool}). */
    public static boolean looksLikeTlc(String text) {
        return text.startsWith(HEADER) || text.contains(TOOL_MARKER) || text.contains("TLC2 Version")
                || text.lines().anyMatch(l -> STATE_LINE.matcher(l).matches() || INVARIANT.matcher(l).find()
                        || ACTION_PROPERTY.matcher(l).find() || l.startsWith(TEMPORAL) || l.startsWith(DEADLOCK)
                        || l.startsWith("Error: The behavior up to"));
    }

    /** The file {@code ./cr tlc --save-trace} writes. Paths are written as given. */
    public static String format(TlcCounterexample c) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        if (c.spec() != null) {
            b.append("\\* spec: ").append(slashes(c.spec())).append('\n');
        }
        if (c.config() != null) {
            b.append("\\* config: ").append(slashes(c.config())).append('\n');
        }
        c.libraries().forEach(l -> b.append("\\* library: ").append(slashes(l)).append('\n'));
        b.append(switch (c.outcome()) {
            case INVARIANT_VIOLATED -> "Error: Invariant " + c.violatedProperty() + " is violated.\n";
            case ACTION_PROPERTY_VIOLATED -> "Error: Action property " + c.violatedProperty() + " is violated.\n";
            case TEMPORAL_PROPERTY_VIOLATED -> TEMPORAL + ".\n";
            case DEADLOCK -> DEADLOCK + ".\n";
            default -> throw new IllegalArgumentException("not a counterexample: " + c.outcome());
        });
        b.append(c.outcome() == TlcOutcome.TEMPORAL_PROPERTY_VIOLATED
                ? "Error: The following behavior constitutes a counter-example:\n"
                : "Error: The behavior up to this point is:\n");
        for (TlcTraceState s : c.states()) {
            if (s.stuttering()) {
                b.append("State ").append(s.number()).append(": Stuttering\n");
            } else if (s.backToState() > 0) {
                // TLC 2.18's own form: the number is the state the lasso goes back to.
                b.append("State ").append(s.backToState()).append(": Back to state: <").append(label(s)).append(">\n");
            } else {
                b.append("State ").append(s.number()).append(": <").append(label(s)).append(">\n");
                s.variables().forEach((k, v) -> b.append("/\\ ").append(k).append(" = ").append(v).append('\n'));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String label(TlcTraceState s) {
        return s.location().isEmpty() ? s.action() : s.action() + " " + s.location();
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }

    /**
     * Reads a saved counterexample or TLC's output.
     *
     * @throws IllegalArgumentException in one line, when the text holds no error trace (TLC found
     *                                  nothing, or stopped on an error of the spec) or a state
     *                                  does not read
     */
    public static TlcCounterexample parse(String text) {
        List<String> lines = text.lines().toList();
        Path spec = null;
        Path config = null;
        List<Path> libraries = new ArrayList<>();
        boolean saved = text.startsWith(HEADER);
        for (String line : lines) {
            Matcher key = KEY.matcher(line);
            if (saved && key.matches()) {
                Path p = Path.of(key.group(2));
                switch (key.group(1)) {
                    case "spec" -> spec = p;
                    case "config" -> config = p;
                    default -> libraries.add(p);
                }
                continue;
            }
            Matcher parsing = PARSING.matcher(line);
            if (!saved && parsing.find()) {
                Path file = Path.of(parsing.group(1).strip());
                String module = file.getFileName().toString().replaceFirst("\\.tla$", "");
                if (spec == null) {
                    spec = file;
                } else if (!STANDARD.contains(module) && file.getParent() != null
                        && !file.getParent().equals(spec.getParent()) && !libraries.contains(file.getParent())) {
                    libraries.add(file.getParent());
                }
            }
        }
        if (text.contains(TOOL_MARKER)) {
            return fromToolOutput(lines, spec, libraries);
        }
        return fromConsole(lines, saved ? SAVED : "TLC's output", spec, config, libraries);
    }

    private static TlcCounterexample fromToolOutput(List<String> lines, Path spec, List<Path> libraries) {
        TlcOutputInterpreter interpreter = new TlcOutputInterpreter(null);
        lines.forEach(interpreter::accept);
        String module = spec == null ? "the spec" : spec.getFileName().toString();
        TlcRun run = interpreter.finish(false, 0, Duration.ZERO, Duration.ofSeconds(1), module, "its model", "");
        if (run.counterexample().isEmpty()) {
            throw new IllegalArgumentException("TLC's -tool output, but no error trace in it ("
                    + (run.holds() ? "TLC found no error" : "TLC stopped: " + oneLine(run.errorMessage())) + ")");
        }
        return new TlcCounterexample("TLC's -tool output", spec, null, libraries, run.outcome(), run.violatedProperty(),
                run.counterexample());
    }

    private static TlcCounterexample fromConsole(List<String> lines, String origin, Path spec, Path config,
                                                 List<Path> libraries) {
        TlcOutcome outcome = null;
        String property = null;
        List<TlcTraceState> states = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (outcome == null) {
                Matcher inv = INVARIANT.matcher(line);
                Matcher act = ACTION_PROPERTY.matcher(line);
                if (inv.find()) {
                    outcome = TlcOutcome.INVARIANT_VIOLATED;
                    property = inv.group(1);
                } else if (act.find()) {
                    outcome = TlcOutcome.ACTION_PROPERTY_VIOLATED;
                    property = act.group(1);
                } else if (line.startsWith(TEMPORAL)) {
                    outcome = TlcOutcome.TEMPORAL_PROPERTY_VIOLATED;
                } else if (line.startsWith(DEADLOCK)) {
                    outcome = TlcOutcome.DEADLOCK;
                }
                if (outcome != null && INITIAL_STATE.matcher(line).find()) {
                    // The initial state follows the message itself, without a "State 1:" line.
                    List<String> body = block(lines, i + 1);
                    Map<String, String> vars = TlcOutputInterpreter.parseVariables(body);
                    if (!vars.isEmpty()) {
                        states.add(new TlcTraceState(1, TlcTraceState.INITIAL_PREDICATE, "", vars, false, 0));
                    }
                }
                continue;
            }
            Matcher m = STATE_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            List<String> block = new ArrayList<>();
            block.add(m.group(1));
            block.addAll(block(lines, i + 1));
            TlcTraceState s = TlcOutputInterpreter.parseState(String.join("\n", block), states);
            if (s == null) {
                throw new IllegalArgumentException("line " + (i + 1) + " does not read as a state of TLC's trace: " + line);
            }
            if (!s.isLassoEnd() && s.variables().isEmpty()) {
                throw new IllegalArgumentException("state " + s.number() + " (line " + (i + 1) + ") has no variables");
            }
            states.add(s);
        }
        if (outcome == null) {
            throw new IllegalArgumentException(origin.equals(SAVED)
                    ? "a saved counterexample without its 'Error: ...' line"
                    : "TLC's output, but no error trace in it (no 'Error: Invariant ... is violated', 'Error: "
                    + "Temporal properties were violated' or 'Error: Deadlock reached' line)");
        }
        if (states.isEmpty()) {
            throw new IllegalArgumentException("TLC reported a violation, but the text has no 'State 1:' of the trace");
        }
        return new TlcCounterexample(origin, spec, config, libraries, outcome, property, states);
    }

    /** The lines of one state after its header: up to a blank line or a line that is not a conjunct or its continuation. */
    private static List<String> block(List<String> lines, int from) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank() || !(l.startsWith("/\\ ") || Character.isWhitespace(l.charAt(0))
                    || (out.isEmpty() && l.matches("^[A-Za-z0-9_]+ = .*")))) {
                break;
            }
            out.add(l);
        }
        return out;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }
}
