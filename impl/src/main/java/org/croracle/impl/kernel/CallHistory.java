package org.croracle.impl.kernel;

import java.util.List;
import java.util.Set;
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
 * @param tables    which of the objects in atCheck and touched were fd tables (the rest were files):
 *                  an outside task's own table is freed when it exits, and with it the kernel's
 *                  record of what kind of object the id was
 */
public record CallHistory(List<Integer> firstWalk, SortedSet<Integer> atCheck, SortedSet<Integer> touched,
                          SortedSet<Integer> escaped, SortedSet<Integer> tables) {

    public static final CallHistory NONE = new CallHistory(List.of(), TreePSet.empty(), TreePSet.empty(), TreePSet.empty(),
            TreePSet.empty());

    public CallHistory {
        firstWalk = List.copyOf(firstWalk);
        atCheck = Persistent.set(atCheck);
        touched = Persistent.set(touched);
        escaped = Persistent.set(escaped);
        tables = Persistent.set(tables);
    }

    public CallHistory withFirstWalk(List<Integer> walk) {
        return new CallHistory(walk, atCheck, touched, escaped, tables);
    }

    /** The same history with {@code reached} what the outside reached at the leak check, {@code newTables} the fd tables among it. */
    public CallHistory withAtCheck(SortedSet<Integer> reached, Set<Integer> newTables) {
        return new CallHistory(firstWalk, reached, touched, escaped, Persistent.set(tables).plusAll(newTables));
    }

    /**
     * The same history with more reached ({@code newTables} the fd tables among it) and more
     * escaped (this one if nothing is new).
     */
    public CallHistory plus(SortedSet<Integer> reached, Set<Integer> newTables, SortedSet<Integer> ran) {
        if (touched.containsAll(reached) && escaped.containsAll(ran) && tables.containsAll(newTables)) {
            return this;
        }
        return new CallHistory(firstWalk, atCheck, Persistent.set(touched).plusAll(reached),
                Persistent.set(escaped).plusAll(ran), Persistent.set(tables).plusAll(newTables));
    }
}
