package org.croracle.impl.checkpoint;

import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.KernelState;

/**
 * checkpoint's leak check of a whole container (ckpt_obj_contained): whether an object the tree
 * reaches is also held from outside it. A test may replace it with a broken version to see
 * whether an oracle notices; {@link #LINUX} is linux-cr's: every kind of object is checked, its
 * users inside the tree against its kernel reference count.
 */
public interface LeakCheck {

    /** linux-cr's check. */
    LeakCheck LINUX = Leaks::isLeak;

    boolean isLeak(KernelState s, CheckpointContext ctx, int object);
}
