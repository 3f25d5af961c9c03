package org.croracle.impl.scenario;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One line of a scenario, parsed: {@code ACTOR VERB ARGS...} (an operation by a task) or
 * {@code VERB ARGS...} (a command of the person running it; {@code actor} is null). The words
 * stay as written, for tools that replay the line elsewhere; {@code op} is what the line means.
 *
 * @param line    1-based line number in the file
 * @param text    the line as written, without its comment
 * @param args    positional arguments, in order
 * @param options {@code name=value} arguments
 * @param flags   bare words that switch something on ({@code newpid}, {@code frozen}, ...)
 * @param op      the line's meaning, every word checked and converted
 */
public record Statement(int line, String text, String actor, String verb, List<String> args,
                        Map<String, String> options, Set<String> flags, Op op) {

    public Statement {
        args = List.copyOf(args);
        options = Map.copyOf(options);
        flags = Set.copyOf(flags);
        java.util.Objects.requireNonNull(op, "op");
    }

    public boolean isCommand() {
        return actor == null;
    }

    public String arg(int i) {
        return args.get(i);
    }
}
