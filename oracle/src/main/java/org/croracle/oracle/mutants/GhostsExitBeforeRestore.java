package org.croracle.oracle.mutants;

import java.util.List;

import org.croracle.impl.syscall.KernelConfig;

/**
 * A restart whose temporary tasks (ghosts, keepers) exit as soon as the tree is built, before the
 * tasks restore: linux-cr's do_ghost_task waits until every task is restored (Restart.tla:
 * GhostsOutliveRestore).
 */
final class GhostsExitBeforeRestore implements KernelConfig.RestartPhases {
    @Override
    public List<Phase> order() {
        return List.of(Phase.TEMPORARIES_EXIT, Phase.RESTORE);
    }
}
