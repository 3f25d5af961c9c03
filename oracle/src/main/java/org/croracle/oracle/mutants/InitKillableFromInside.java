package org.croracle.oracle.mutants;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.signal.InitProtection;

/**
 * sig_task_ignored forgets where SIGKILL and SIGSTOP come from: every sender may force them on a
 * namespace's init, its own tasks included (Linux forces them only from an ancestor namespace).
 */
final class InitKillableFromInside implements InitProtection {
    @Override
    public boolean drops(KernelState s, Task sender, Task init, Signal sig) {
        boolean forced = sig == Signal.SIGKILL || sig == Signal.SIGSTOP;
        return !forced || init.ppid() == 0;
    }
}
