package org.croracle.impl.syscall;

import java.util.Map;

/**
 * A successful restart: the root's global pid and, for every task of the image, its global pid
 * (by its pid in the container's namespace).
 */
public record Restarted(int root, Map<Integer, Integer> pids) {
    public Restarted {
        pids = Map.copyOf(pids);
    }
}
