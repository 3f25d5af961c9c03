package org.croracle.oracle.tlc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits TLC's {@code -tool} output, fed line by line as it arrives, into {@link ToolMessage}s
 * and the raw lines printed outside any message (SANY's parse and semantic errors, for example).
 *
 * <p>Markers need not start a line: when TLC reports an exception whose message is itself a
 * message, it prints {@code ": @!@!@STARTMSG 5006:0 @!@!@"} inside the outer message. Such a
 * nested message is delivered on its own (before the outer one, which ends later); the text
 * before the marker stays with the outer message. Not thread-safe.
 */
public final class ToolOutputParser {

    /** Receives what the parser recognises, in output order. */
    public interface Listener {
        void message(ToolMessage message);

        void rawLine(String line);
    }

    /** Everything of one output, for callers that have it all at once. */
    public record Parsed(List<ToolMessage> messages, List<String> rawLines) {
        public Parsed {
            messages = List.copyOf(messages);
            rawLines = List.copyOf(rawLines);
        }
    }

    private static final Pattern MARKER =
            Pattern.compile("@!@!@STARTMSG (\\d+):(\\d+) @!@!@|@!@!@ENDMSG (\\d+) @!@!@");

    private static final class Open {
        final int code;
        final ToolMessage.Severity severity;
        final List<String> lines = new ArrayList<>();

        Open(int code, ToolMessage.Severity severity) {
            this.code = code;
            this.severity = severity;
        }
    }

    private final Listener listener;
    private final Deque<Open> open = new ArrayDeque<>();

    public ToolOutputParser(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Parses a complete output. */
    public static Parsed parse(String output) {
        List<ToolMessage> messages = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        ToolOutputParser parser = new ToolOutputParser(new Listener() {
            @Override
            public void message(ToolMessage message) {
                messages.add(message);
            }

            @Override
            public void rawLine(String line) {
                raw.add(line);
            }
        });
        output.lines().forEach(parser::accept);
        parser.finish();
        return new Parsed(messages, raw);
    }

    /** Feeds one line (without its line terminator). */
    public void accept(String line) {
        Matcher m = MARKER.matcher(line);
        int pos = 0;
        boolean sawMarker = false;
        while (m.find()) {
            sawMarker = true;
            text(line.substring(pos, m.start()), false);
            if (m.group(1) != null) {
                open.push(new Open(Integer.parseInt(m.group(1)),
                        ToolMessage.Severity.of(Integer.parseInt(m.group(2)))));
            } else {
                close(Integer.parseInt(m.group(3)), m.group());
            }
            pos = m.end();
        }
        // A line that is only markers adds no text; a genuinely empty line is kept (SANY separates
        // its reports with blank lines, and blank lines end the states of a trace).
        text(line.substring(pos), !sawMarker);
    }

    /** Delivers messages left open (the process died in the middle of one), innermost first. */
    public void finish() {
        while (!open.isEmpty()) {
            deliver(open.pop());
        }
    }

    private void text(String segment, boolean keepEmpty) {
        if (segment.isEmpty() && !keepEmpty) {
            return;
        }
        if (open.isEmpty()) {
            listener.rawLine(segment);
        } else {
            open.peek().lines.add(segment);
        }
    }

    private void close(int code, String marker) {
        boolean known = open.stream().anyMatch(o -> o.code == code);
        if (!known) {
            text(marker, false); // an END without its START: keep it as text rather than lose it
            return;
        }
        while (!open.isEmpty()) {
            Open o = open.pop();
            deliver(o);
            if (o.code == code) {
                return;
            }
        }
    }

    private void deliver(Open o) {
        List<String> lines = o.lines;
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        listener.message(new ToolMessage(o.code, o.severity, String.join("\n", lines.subList(0, end))));
    }
}
