package org.croracle.impl.syscall;

import java.util.List;

import org.croracle.impl.checkpoint.RaceHistory;
import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KernelState;

/**
 * What a checkpoint() call whose steps other calls come between sees of its tree and its freezer,
 * for an oracle that maps the kernel's state onto ConcurrentCheckpoint.tla: the kernel's own
 * answers (the checkpoint's tree walk, its cgroup test, the freezer state as it settles), so that
 * the mapping does not compute them a second way.
 */
public final class CheckpointRaceView {
    private CheckpointRaceView() {}

    /** The tree now: the root and its descendants, as the checkpoint walks them (none once the root is gone). */
    public static List<Integer> tree(KernelState s, CheckpointContext c) {
        return RaceHistory.tree(s, c);
    }

    /** Whether task {@code t} of the tree is in the call's cgroup (a zombie counts as held: it cannot run). */
    public static boolean inCgroup(KernelState s, CheckpointContext c, int t) {
        return RaceHistory.inCgroup(s, c, t);
    }

    /** The call's freezer cgroup as a user sees it once it settles. */
    public static FreezerState freezer(KernelState s, CheckpointContext c) {
        return RaceHistory.freezer(s, c);
    }
}
