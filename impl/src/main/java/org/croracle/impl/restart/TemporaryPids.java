package org.croracle.impl.restart;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pids for the tasks that exist only during a restart (placeholders, keepers, ghosts' pids in
 * nested namespaces): above every pid of the image at the same namespace level, so that eclone
 * never hands a saved task's pid to one of them.
 */
final class TemporaryPids {
    private final Map<Integer, Integer> maxPidAt = new HashMap<>();

    /** A pid the image (or the plan) uses at this level. */
    void taken(int level, int pid) {
        maxPidAt.merge(level, pid, Math::max);
    }

    /** A fresh pid at this level. */
    int next(int level) {
        int next = maxPidAt.getOrDefault(level, 1) + 1;
        maxPidAt.put(level, next);
        return next;
    }

    /** Fresh pids at levels 0..{@code level}, outermost first. */
    List<Integer> upTo(int level) {
        List<Integer> pids = new ArrayList<>();
        for (int l = 0; l <= level; l++) {
            pids.add(next(l));
        }
        return pids;
    }
}
