package org.croracle.oracle.linux;

import java.util.List;
import java.util.Map;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.scenario.Scenario;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioSyntaxException;
import org.croracle.impl.scenario.Statement;

/**
 * What the random scenario generators share: turning a code into the next line's operation, actor
 * and arguments, and parsing what they wrote (a line the parser refuses is the generator's bug).
 */
final class GeneratedLines {
    private GeneratedLines() {}

    /**
     * The choices one code makes for the next line: the operation (of {@code kinds}), a running
     * actor, any labelled task, and what is left of the code for the operation's own choices.
     */
    record Draw(String kind, String actor, Task me, String any, int pick) {
    }

    /** The draw for {@code code}, or null when no labelled task can run. */
    static Draw draw(int code, String[] kinds, KernelState s, Map<String, Integer> pids, List<String> labels) {
        List<String> running = labels.stream().filter(l -> {
            Task t = s.tasks().get(pids.getOrDefault(l, -1));
            return t != null && t.runnable();
        }).toList();
        if (running.isEmpty()) {
            return null;
        }
        String kind = kinds[code % kinds.length];
        int rest = code / kinds.length;
        String actor = running.get(rest % running.size());
        rest /= running.size();
        Task me = s.tasks().get(pids.get(actor));
        String any = labels.get(rest % labels.size());
        return new Draw(kind, actor, me, any, rest / labels.size());
    }

    static Scenario parse(String name, String text) {
        try {
            return ScenarioParser.parse(name, text);
        } catch (ScenarioSyntaxException e) {
            throw new IllegalStateException("the generator wrote a bad line: " + e.getMessage(), e);
        }
    }

    /** The statement of the new last line (parsed with everything before it, which introduced its labels). */
    static Statement parseLast(String textSoFar, String line) {
        try {
            List<Statement> all = ScenarioParser.parse("random", textSoFar + line + "\n").statements();
            return all.get(all.size() - 1);
        } catch (ScenarioSyntaxException e) {
            throw new IllegalStateException("the generator wrote a bad line '" + line + "': " + e.getMessage(), e);
        }
    }
}
