package org.croracle.impl.syscall;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.croracle.impl.kernel.ForkOptions;

/** The arguments a kernel step records, in call order: what the oracle and the trace show of a call. */
final class StepArgs {
    private StepArgs() {}

    /** Step arguments in call order (name, value, name, value...). */
    static Map<String, Object> args(Object... nameValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    /** fork's and eclone's: the pid array (eclone only), then the clone flags and cgroup that are set. */
    static Map<String, Object> cloneArgs(ForkOptions options, List<Integer> pids) {
        Map<String, Object> args = new LinkedHashMap<>();
        if (pids != null) {
            args.put("pids", pids);
        }
        if (options.newPid()) {
            args.put("newpid", true);
        }
        if (options.parent()) {
            args.put("parent", true);
        }
        for (String[] flag : new String[][] {{"files", String.valueOf(options.files())}, {"vm", String.valueOf(options.vm())},
                {"fs", String.valueOf(options.fs())}, {"sighand", String.valueOf(options.sighand())},
                {"thread", String.valueOf(options.thread())}}) {
            if (Boolean.parseBoolean(flag[1])) {
                args.put(flag[0], true);
            }
        }
        if (options.cgroup() != null) {
            args.put("cgroup", options.cgroup());
        }
        return args;
    }
}
