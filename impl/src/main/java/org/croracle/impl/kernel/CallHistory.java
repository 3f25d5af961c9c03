package org.croracle.impl.kernel;

import java.util.List;
import java.util.SortedSet;

import org.pcollections.TreePSet;

/**
 * What a checkpoint() call whose steps other calls come between has seen of the world outside it,
 * for the properties of ConcurrentCheckpoint.tla; linux-cr keeps none of it, no check reads it.
 * The objects are fd tables and open files (the references that cross the container's boundary).
 *
 * @param firstWalk the tasks build_tree's first walk checked, in its order (empty before it)
 * @param atCheck   what something running outside the tree reached when the leak check passed
 * @param touched   what something running outside the tree reached at any point from the leak
 *                  check to the end of the dump
 * @param escaped   tasks of the tree the freezer did not hold at some point from the gate to the
 *                  end of the dump
 */
public record CallHistory(List<Integer> firstWalk, SortedSet<Integer> atCheck, SortedSet<Integer> touched,
                          SortedSet<Integer> escaped) {

    public static final CallHistory NONE = new CallHistory(List.of(), TreePSet.empty(), TreePSet.empty(), TreePSet.empty());

    public CallHistory {
        firstWalk = List.copyOf(firstWalk);
        atCheck = Persistent.set(atCheck);
        touched = Persistent.set(touched);
        escaped = Persistent.set(escaped);
    }

    public CallHistory withFirstWalk(List<Integer> walk) {
        return new CallHistory(walk, atCheck, touched, escaped);
    }

    public CallHistory withAtCheck(SortedSet<Integer> reached) {
        return new CallHistory(firstWalk, reached, touched, escaped);
    }

    /** The same history with more reached and more escaped (this one if nothing is new). */
    public CallHistory plus(SortedSet<Integer> reached, SortedSet<Integer> ran) {
        if (touched.containsAll(reached) && escaped.containsAll(ran)) {
            return this;
        }
        return new CallHistory(firstWalk, atCheck, Persistent.set(touched).plusAll(reached),
                Persistent.set(escaped).plusAll(ran));
    }
}
