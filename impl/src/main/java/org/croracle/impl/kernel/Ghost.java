package org.croracle.impl.kernel;

import java.util.List;

/**
 * A reaped task whose pid is still some task's session or group id: Linux keeps its struct pid,
 * and with it the pid number in every namespace of its chain, until nobody uses it.
 *
 * @param chain its namespaces, outermost first (some may have vanished since)
 * @param pids  its pid in each of them
 */
public record Ghost(List<Integer> chain, List<Integer> pids) {
    public Ghost {
        chain = List.copyOf(chain);
        pids = List.copyOf(pids);
    }
}
