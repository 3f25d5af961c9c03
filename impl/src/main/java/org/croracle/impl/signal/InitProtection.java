package org.croracle.impl.signal;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;

/**
 * The protection of a pid namespace's init (SIGNAL_UNKILLABLE), a strategy that a test may replace
 * with a broken version to see whether an oracle notices (as it replaces the freezer).
 * {@link #LINUX} is Linux's.
 */
public interface InitProtection {

    /** Linux's rule. */
    InitProtection LINUX = new InitProtection() {
    };

    /**
     * Whether {@code init}, a namespace's init with no handler for {@code sig} and not blocking
     * it, drops it (sig_task_ignored): every such signal but SIGKILL and SIGSTOP sent from an
     * ancestor namespace (force: the sender has no pid in the init's namespace); the root
     * namespace's init drops even those.
     */
    default boolean drops(KernelState s, Task sender, Task init, Signal sig) {
        boolean fromAncestor = init.ns() != sender.ns() && s.within(init.ns(), sender.ns());
        boolean forced = fromAncestor && (sig == Signal.SIGKILL || sig == Signal.SIGSTOP);
        return !forced || init.ppid() == 0;
    }
}
