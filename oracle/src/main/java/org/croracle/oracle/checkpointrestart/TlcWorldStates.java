package org.croracle.oracle.checkpointrestart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValueParser;
import org.croracle.oracle.tlc.TlcModelChecker;
import org.croracle.oracle.tlc.TlcOutcome;
import org.croracle.oracle.tlc.TlcRequest;
import org.croracle.oracle.tlc.TlcRun;

/**
 * Every state of the flagless world of {@code specs/checkpointrestart} as TLC finds it: the
 * reference a second engine that enumerates the same world (through the simulated kernel rather
 * than through the spec) is compared against, state for state.
 *
 * <p>TLC explores {@code FlaglessWorldSpec} with only {@code TypeOK} checked (the round trip of
 * each tree is the other engine's business here), writes every distinct state with {@code -dump},
 * and each state becomes one line:
 *
 * <pre>next=NEXTPID PID:PPID/SID/PGID/STATE ...</pre>
 *
 * <p>one entry per task of the tree in ascending pid, pids of the container's namespace (the init
 * is 1), 0 for the init's parent and for a session or group inherited from outside the container,
 * STATE {@code L} for a live task and {@code Z} followed by the exit status for a zombie. A reaped
 * task has no entry; its pid may still appear as a session or group that outlives it. Example:
 * {@code next=3 1:0/0/0/L 2:1/0/0/Z51} (the init forked 2, which exited). The flagless world has
 * no subreaper flag, so the line has none.
 */
public final class TlcWorldStates {

    /** What TLC reported, and the states it found as lines. */
    public record Enumeration(TlcRun run, Set<String> states) {
    }

    private TlcWorldStates() {
    }

    /**
     * TLC's states of the flagless world with at most {@code tasks} tasks forked below the init.
     *
     * @throws IllegalStateException when TLC does not finish the model (the message names why)
     */
    public static Enumeration enumerate(Path specsRoot, int tasks, int workers, Duration timeout) {
        if (tasks < 0) {
            throw new IllegalArgumentException("tasks must be at least 0: " + tasks);
        }
        Path dir = specsRoot.resolve("checkpointrestart");
        Path tmp;
        try {
            tmp = Files.createTempDirectory("cr-world-states");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for TLC's states", e);
        }
        try {
            Path cfg = tmp.resolve("WorldStates.cfg");
            // the flagless world alone, every state written out: no round trip, TypeOK only
            Files.writeString(cfg, config(tasks, "FlaglessWorldSpec", "INVARIANTS TypeOK"));
            Path dump = tmp.resolve("states.dump");
            TlcRun run = new TlcModelChecker().run(new TlcRequest(dir, "MCFlaglessWorld", cfg.toString(), List.of(),
                    workers, timeout).dumpingStatesTo(dump), null);
            if (run.outcome() != TlcOutcome.OK) {
                throw new IllegalStateException("TLC did not enumerate the flagless world of " + tasks + " tasks: "
                        + run.outcome() + " " + run.errorMessage());
            }
            Set<String> states = read(dump);
            if (states.size() != run.distinctStates()) {
                throw new IllegalStateException("TLC found " + run.distinctStates() + " distinct states but wrote "
                        + states.size());
            }
            return new Enumeration(run, states);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write or read TLC's states in " + tmp, e);
        } finally {
            deleteRecursively(tmp);
        }
    }

    /**
     * A model of {@code specs/checkpointrestart} with at most {@code tasks} tasks forked below the
     * init: {@code spec} (a specification of the module) checked for {@code checks} (an
     * INVARIANTS or PROPERTIES line), the fixed constants of every CI model, no deadlock check
     * (a tree may be final).
     */
    static String config(int tasks, String spec, String checks) {
        return String.join("\n",
                "CONSTANTS",
                "    Errnos = {\"EIO\"}",
                "    Fixes = {\"F1\", \"F2\", \"F3\", \"F4\", \"F5\"}",
                "    MaxPid = " + (tasks + 1),
                "    ExitCodes <- MCExitCodes",
                "SPECIFICATION " + spec,
                checks,
                "CHECK_DEADLOCK FALSE", "");
    }

    /** The states of a TLC dump file of {@code MCFlaglessWorld}, as lines. */
    static Set<String> read(Path dump) throws IOException {
        Set<String> states = new HashSet<>();
        try (BufferedReader in = Files.newBufferedReader(dump)) {
            Map<String, StringBuilder> vars = new TreeMap<>();
            StringBuilder current = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("State ")) {
                    if (!vars.isEmpty()) {
                        states.add(line(vars));
                    }
                    vars.clear();
                    current = null;
                } else if (line.startsWith("/\\ ")) {
                    int eq = line.indexOf(" = ");
                    current = new StringBuilder(line.substring(eq + 3));
                    vars.put(line.substring(3, eq), current);
                } else if (current != null && !line.isBlank()) {
                    current.append(' ').append(line.strip());
                }
            }
            if (!vars.isEmpty()) {
                states.add(line(vars));
            }
        }
        return states;
    }

    private static String line(Map<String, StringBuilder> vars) {
        int next = ((TlaValue.Int) TlaValueParser.parse(vars.get("nextPid").toString())).value();
        return line(TlaValueParser.parse(vars.get("world").toString()), next);
    }

    /** One state of the world, {@code world} a function from pid to the saved task's record. */
    static String line(TlaValue world, int nextPid) {
        Map<Integer, TlaValue.Record> tasks = new TreeMap<>();
        if (world instanceof TlaValue.Tuple t) { // TLC prints a function on 1..n as a tuple
            for (int i = 0; i < t.elements().size(); i++) {
                tasks.put(i + 1, (TlaValue.Record) t.elements().get(i));
            }
        } else {
            ((TlaValue.Function) world).mapping().forEach((pid, task) ->
                    tasks.put(((TlaValue.Int) pid).value(), (TlaValue.Record) task));
        }
        StringBuilder b = new StringBuilder("next=").append(nextPid);
        tasks.forEach((pid, r) -> {
            b.append(' ').append(pid).append(':').append(num(r, "ppid")).append('/').append(num(r, "sid"))
                    .append('/').append(num(r, "pgid")).append('/');
            if (((TlaValue.Bool) r.fields().get("zombie")).value()) {
                b.append('Z').append(num(r, "code"));
            } else {
                b.append('L');
            }
        });
        return b.toString();
    }

    private static int num(TlaValue.Record r, String field) {
        return ((TlaValue.Int) r.fields().get(field)).value();
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing the comparison for
        }
    }
}
