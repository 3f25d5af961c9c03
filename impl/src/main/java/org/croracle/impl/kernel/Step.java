package org.croracle.impl.kernel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One step of the kernel, as it is recorded for the oracle: the operation's name, the task that
 * made it ({@link #NO_TASK} for a user's write to cgroupfs or a command), its arguments in call
 * order, and its result.
 */
public record Step(long index, String op, int actor, Map<String, Object> args, Result<?> result) {

    public static final int NO_TASK = 0;

    public Step {
        args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    /** An argument the operation is known to record; fails loudly on a recording mistake. */
    public int intArg(String name) {
        Object v = args.get(name);
        if (!(v instanceof Integer i)) {
            throw new IllegalStateException("step " + op + " has no int argument " + name + ": " + args);
        }
        return i;
    }

    public String stringArg(String name) {
        Object v = args.get(name);
        if (!(v instanceof String s)) {
            throw new IllegalStateException("step " + op + " has no string argument " + name + ": " + args);
        }
        return s;
    }

    /** For example {@code fork(parent=1, cgroup=box) = ok 2}. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", op + "(", ")");
        if (actor != NO_TASK) {
            j.add("by " + actor);
        }
        args.forEach((k, v) -> j.add(k + "=" + v));
        return j + " = " + result;
    }
}
