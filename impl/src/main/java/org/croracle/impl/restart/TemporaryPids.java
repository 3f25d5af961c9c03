package org.croracle.impl.restart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pids for the tasks that exist only during a restart (placeholders, keepers, ghosts' pids in
 * nested namespaces): above every pid of the image at the same namespace level, so that eclone
 * never hands a saved task's pid to one of them.
 */
final class TemporaryPids {
    /** By namespace level: the highest pid taken there (0 where none is). */
    private int[] maxPidAt = new int[4];

    /** A pid the image (or the plan) uses at this level. */
    void taken(int level, int pid) {
        at(level);
        maxPidAt[level] = Math.max(maxPidAt[level], pid);
    }

    /** A fresh pid at this level. */
    int next(int level) {
        at(level);
        maxPidAt[level] = Math.max(maxPidAt[level], 1) + 1;
        return maxPidAt[level];
    }

    private void at(int level) {
        if (level >= maxPidAt.length) {
            maxPidAt = Arrays.copyOf(maxPidAt, Math.max(level + 1, 2 * maxPidAt.length));
        }
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
