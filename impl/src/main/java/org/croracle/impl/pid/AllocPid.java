package org.croracle.impl.pid;

import org.croracle.impl.kernel.PidNamespace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.Persistent;
import org.pcollections.PSortedMap;

/**
 * alloc_pid: one pid in every namespace of a new task's chain, innermost level first, each one
 * either requested (eclone) or assigned by alloc_pidmap; all or nothing. Not final, so that a test
 * can plant a bug in a copy of it ({@link #onFailure}).
 */
public class AllocPid {

    /** Linux's RESERVED_PIDS: after a wrap past pid_max, allocation restarts here. */
    public static final int RESERVED_PIDS = 300;

    /**
     * What alloc_pid did: the pids (outermost first) or the errno, and the namespaces and pidmaps
     * to continue with.
     */
    public record Outcome(Errno errno, List<Integer> pids, SortedMap<Integer, PidNamespace> namespaces,
                          SortedMap<Integer, SortedSet<Integer>> pidmaps) {
        public boolean ok() {
            return errno == null;
        }
    }

    /**
     * @param chain   the namespaces of the new task's levels that need a pid here, outermost first
     *                (the caller's chain; a new namespace's pid 1 is not allocated here)
     * @param targets the requested pid per level of {@code chain}, 0 for automatic
     */
    public Outcome allocate(SortedMap<Integer, PidNamespace> namespaces, SortedMap<Integer, SortedSet<Integer>> pidmaps,
                            List<Integer> chain, List<Integer> targets, int pidMax) {
        // Persistent maps and sets: taking a pid shares the rest of the pidmap instead of copying it.
        PSortedMap<Integer, PidNamespace> ns = Persistent.map(namespaces);
        PSortedMap<Integer, SortedSet<Integer>> maps = Persistent.map(pidmaps);
        Integer[] pids = new Integer[chain.size()];
        for (int level = chain.size() - 1; level >= 0; level--) {
            int id = chain.get(level);
            PidNamespace n = ns.get(id);
            SortedSet<Integer> used = maps.get(id);
            int target = targets.get(level);
            int pid;
            if (target == 0) {
                pid = autoPid(n, used, pidMax);
                if (pid < 0) {
                    return onFailure(Errno.EAGAIN, namespaces, pidmaps, ns, maps);
                }
                ns = ns.plus(id, n.withLastPid(pid)); // explicit pids do not move last_pid
            } else if (target < 0 || target >= pidMax || (target < RESERVED_PIDS && n.lastPid() >= RESERVED_PIDS)) {
                return onFailure(Errno.EINVAL, namespaces, pidmaps, ns, maps);
            } else if (used.contains(target)) {
                return onFailure(Errno.EBUSY, namespaces, pidmaps, ns, maps);
            } else {
                pid = target;
            }
            maps = maps.plus(id, Persistent.set(used).plus(pid));
            pids[level] = pid;
        }
        return new Outcome(null, List.of(pids), ns, maps);
    }

    /**
     * A level failed: forget every pid taken at the levels before it (all or nothing). The
     * {@code partial} maps hold what was taken so far.
     */
    protected Outcome onFailure(Errno errno, SortedMap<Integer, PidNamespace> original,
                                SortedMap<Integer, SortedSet<Integer>> originalMaps,
                                SortedMap<Integer, PidNamespace> partial,
                                SortedMap<Integer, SortedSet<Integer>> partialMaps) {
        return new Outcome(errno, null, original, originalMaps);
    }

    /** alloc_pidmap: the first free pid after last_pid, wrapping past pid_max to RESERVED_PIDS; -1 if none. */
    public static int autoPid(PidNamespace n, SortedSet<Integer> used, int pidMax) {
        int start = n.lastPid() + 1 >= pidMax ? RESERVED_PIDS : n.lastPid() + 1;
        for (int p = start; p < pidMax; p++) {
            if (!used.contains(p)) {
                return p;
            }
        }
        for (int p = RESERVED_PIDS; p < start; p++) {
            if (!used.contains(p)) {
                return p;
            }
        }
        return -1;
    }

    /** The request aligned to the caller's levels: entry i of {@code user} asks for level offset + i. */
    public static List<Integer> alignTargets(int callerLevel, List<Integer> user) {
        List<Integer> targets = new ArrayList<>(Collections.nCopies(callerLevel + 1, 0));
        int offset = callerLevel + 1 - user.size();
        for (int i = 0; i < user.size(); i++) {
            targets.set(offset + i, user.get(i));
        }
        return targets;
    }
}
