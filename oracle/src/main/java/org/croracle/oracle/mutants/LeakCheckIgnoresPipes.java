package org.croracle.oracle.mutants;

import org.croracle.impl.checkpoint.LeakCheck;
import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.KernelState;

/** The leak check never finds a pipe held from outside the tree; every other kind it checks as Linux does. */
final class LeakCheckIgnoresPipes implements LeakCheck {
    @Override
    public boolean isLeak(KernelState s, CheckpointContext ctx, int object) {
        // an object dropped since it was collected is no pipe any more: Linux's check decides it
        var o = s.objects().get(object);
        return (o == null || !o.kind().equals("pipe")) && LeakCheck.LINUX.isLeak(s, ctx, object);
    }
}
