package org.croracle.oracle.trace;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Task;

/** Facts about a kernel step that several bindings need. */
public final class KernelFacts {
    private KernelFacts() {}

    /** Whether the task {@code pid} was alive before the step and is dead (a zombie or gone) after it. */
    public static boolean died(KernelState before, KernelState after, int pid) {
        Task b = before.tasks().get(pid);
        Task a = after.tasks().get(pid);
        return b != null && !b.isZombie() && (a == null || a.isZombie());
    }
}
