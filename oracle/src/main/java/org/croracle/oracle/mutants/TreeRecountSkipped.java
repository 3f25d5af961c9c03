package org.croracle.oracle.mutants;

import java.util.List;

import org.croracle.impl.checkpoint.LeakCheck;
import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.KernelState;

/**
 * build_tree's second walk is not compared with the first: the array keeps the first walk's size
 * whatever the tree became. It changes no behaviour: both walks follow the freezer gate, and while
 * the gate holds the cgroup the tree cannot change between them.
 */
final class TreeRecountSkipped implements LeakCheck {
    @Override
    public boolean isLeak(KernelState s, CheckpointContext ctx, int object) {
        return LeakCheck.LINUX.isLeak(s, ctx, object);
    }

    @Override
    public boolean treeChanged(List<Integer> first, List<Integer> second) {
        return false;
    }
}
