package org.croracle.impl.checkpoint;

import java.util.List;

import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.KernelState;

/**
 * checkpoint's leak detection of a whole container: the usage-leak check (ckpt_obj_contained:
 * whether an object the tree reaches is also held from outside it), and the checks that catch
 * what changed while the call ran, because only the container is frozen and every task outside
 * keeps running: the second scan of the tree against the first, the reverse leak (an object the
 * dump meets that collect never saw) and the visit check (every collected object met by the
 * dump). A test may replace it with a broken version to see whether an oracle notices;
 * {@link #LINUX} is linux-cr's, with the visit check counting references (see
 * specs/concurrentcheckpoint: one visit flag misses counts that match by coincidence).
 */
public interface LeakCheck {

    /** linux-cr's checks. */
    LeakCheck LINUX = Leaks::isLeak;

    /**
     * Whether a collected object is held from outside the tree. A function of its arguments only:
     * the check asks about the objects in object id order and reports the leak with the lowest
     * objref, which is the one a walk in objref order would stop at.
     */
    boolean isLeak(KernelState s, CheckpointContext ctx, int object);

    /** build_tree: whether the second scan's tree differs from the first's (their counts differ: EBUSY). */
    default boolean treeChanged(List<Integer> first, List<Integer> second) {
        return first.size() != second.size();
    }

    /** checkpoint_obj: whether an object collect never saw is refused ("reverse leak", EBUSY). */
    default boolean refusesUncollected() {
        return true;
    }

    /**
     * ckpt_obj_visited: whether a collected object met {@code visits} times, counted {@code users}
     * times, is a leak (a function of the two: asked in object id order, like {@link #isLeak}).
     */
    default boolean notVisited(int users, int visits) {
        return visits != users;
    }
}
