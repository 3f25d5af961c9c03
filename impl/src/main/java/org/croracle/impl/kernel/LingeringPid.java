package org.croracle.impl.kernel;

import java.util.List;

/**
 * The pid of a reaped task that is still some task's session or group id (a dead session or
 * group leader's): Linux keeps its struct pid, and with it the pid number in every namespace of
 * its chain, until nobody uses it. Eclone.tla calls it a ghost.
 *
 * @param chain its namespaces, outermost first (some may have vanished since)
 * @param pids  its pid in each of them
 */
public record LingeringPid(List<Integer> chain, List<Integer> pids) {
    public LingeringPid {
        chain = List.copyOf(chain);
        pids = List.copyOf(pids);
    }
}
