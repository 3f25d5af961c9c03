package org.croracle.impl.restart;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.croracle.impl.kernel.PlanNode;
import org.croracle.impl.kernel.PlanStep;

/**
 * The planner's creation rules are argued; this makes sure. It replays a plan's creation steps on
 * parents and sessions alone (fork, CLONE_PARENT, CLONE_THREAD, setsid, a placeholder's exit handing its
 * children to the nearest flagged ancestor or the namespace's init, prctl) and refuses a plan
 * that would give a task or ghost another parent or session than the saved ones, so that a tree
 * the rules get wrong is refused (EINVAL naming the task) instead of rebuilt differently. It sees
 * the plan and the tree it must reproduce, nothing of how the plan was made.
 */
final class PlanReplay {
    private PlanReplay() {}

    /**
     * Replays the creation steps on parents and sessions alone and refuses the plan unless every
     * task and ghost of {@code nodes} ends with its saved parent and session.
     *
     * @param steps the creation steps, the first the restarter's creation of the root
     * @param nodes every task the steps create, with its saved parent and session (a placeholder
     *              has none to reproduce: it exits during the creation)
     */
    static void check(List<PlanStep> steps, PlanNodes nodes) throws Refused {
        int root = steps.get(0).node();
        int count = steps.size();
        IntIntMap parent = new IntIntMap(count);
        IntKeyMap<List<Integer>> children = new IntKeyMap<>(count);
        IntIntMap session = new IntIntMap(count);
        BitSet flagged = new BitSet();
        BitSet dead = new BitSet();
        IntKeyMap<List<Integer>> threadsSoFar = new IntKeyMap<>(16); // by leader: its threads created so far
        for (PlanStep st : steps) {
            int x = st.node();
            switch (st.op()) {
                case CREATE -> {
                    if (st.actor() != 0 && (!parent.containsKey(st.actor()) || dead.get(st.actor()))) {
                        throw new Refused("task " + x + ": its creator " + st.actor() + " does not exist when it is created");
                    }
                    int p = st.actor() == 0 ? 0 : st.cloneParent() || st.thread() ? parent.get(st.actor()) : st.actor();
                    parent.put(x, p);
                    children.computeIfAbsent(p, k -> new ArrayList<>()).add(x);
                    session.put(x, st.actor() == 0 ? 0 : session.get(st.actor()));
                    PlanNode made = nodes.get(x);
                    if (made != null && made.tgid() != x) {
                        threadsSoFar.computeIfAbsent(made.tgid(), k -> new ArrayList<>()).add(x);
                    }
                }
                case SETSID -> {
                    // the session is the thread group's: its threads born so far move too
                    session.put(x, x);
                    threadsSoFar.getOrDefault(x, List.of()).forEach(t -> session.put(t, x));
                }
                case SUBREAPER -> {
                    if (st.subreaper()) {
                        flagged.set(x);
                    } else {
                        flagged.clear(x);
                    }
                }
                case EXIT -> {
                    dead.set(x);
                    int reaper = reaperOf(x, root, nodes, parent, flagged, dead);
                    List<Integer> orphans = children.getOrDefault(x, List.of());
                    orphans.forEach(c -> parent.put(c, reaper));
                    children.computeIfAbsent(reaper, k -> new ArrayList<>()).addAll(orphans);
                }
                default -> { }
            }
        }
        for (PlanNode n : nodes.values()) {
            if (n.kind() == PlanNode.Kind.PLACEHOLDER) {
                continue;
            }
            if (!parent.containsKey(n.pid()) || parent.get(n.pid()) != n.parent() || session.get(n.pid()) != n.sid()) {
                Object p = parent.containsKey(n.pid()) ? parent.get(n.pid()) : null;
                Object sid = session.containsKey(n.pid()) ? session.get(n.pid()) : null;
                throw new Refused("task " + n.pid() + " would come back with parent " + p + " and session "
                        + sid + " instead of " + n.parent() + " and " + n.sid()
                        + ": no order of creations found for it");
            }
        }
    }

    /**
     * find_new_reaper for a dying x: the nearest live flagged ancestor, else its namespace's init
     * (also when the walk meets a thread of that init, whose parent is outside the namespace).
     */
    private static int reaperOf(int x, int root, PlanNodes nodes, IntIntMap parent, BitSet flagged,
                                BitSet dead) {
        int q = parent.get(x);
        while (q != root && !nodes.get(q).nsInit() && !(flagged.get(q) && !dead.get(q))) {
            PlanNode n = nodes.get(q);
            if (n.thread() && (n.tgid() == root || nodes.get(n.tgid()).nsInit())) {
                return n.tgid(); // a thread of an init: its parent lies outside the init's namespace
            }
            q = parent.get(q);
        }
        return q;
    }
}
