package org.croracle.oracle.mutants;

import org.croracle.impl.freezer.LinuxFreezer;
import org.croracle.impl.kernel.Cgroup;

/** Linux's freezer, except that a checkpoint does not stop /proc/PID/fd opens of the tasks it holds (linux-cr as written). */
final class ProcFdIgnoresCheckpoint extends LinuxFreezer {
    @Override
    public boolean holdsForCheckpoint(Cgroup cgroup) {
        return false;
    }
}
