package org.croracle.oracle.mutants;

import java.util.SortedMap;
import java.util.SortedSet;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.PidNamespace;
import org.croracle.impl.pid.AllocPid;

/** alloc_pid without its out_free path: a failed level leaves the pids taken before it allocated. */
final class AllocPidWithoutRollback extends AllocPid {
    @Override
    protected Outcome onFailure(Errno errno, SortedMap<Integer, PidNamespace> original,
                                SortedMap<Integer, SortedSet<Integer>> originalMaps,
                                SortedMap<Integer, PidNamespace> partial,
                                SortedMap<Integer, SortedSet<Integer>> partialMaps) {
        return new Outcome(errno, null, partial, partialMaps);
    }
}
