package org.croracle.oracle.mutants;

import org.croracle.impl.checkpoint.LeakCheck;
import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.KernelState;

/** The dump writes an object collect never saw instead of failing with "reverse leak"; every other check as Linux's. */
final class ReverseLeakUnchecked implements LeakCheck {
    @Override
    public boolean isLeak(KernelState s, CheckpointContext ctx, int object) {
        return LeakCheck.LINUX.isLeak(s, ctx, object);
    }

    @Override
    public boolean refusesUncollected() {
        return false;
    }
}
