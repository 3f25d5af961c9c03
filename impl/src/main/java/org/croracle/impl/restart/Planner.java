package org.croracle.impl.restart;

import java.util.List;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.kernel.Plan;
import org.croracle.impl.kernel.PlanNode;
import org.croracle.impl.kernel.PlanStep;

/**
 * Plans how to rebuild a saved tree with legal process steps only (user-cr's MakeForest, after
 * the DumpForest idea): which task creates which (its parent, or a sibling with CLONE_PARENT),
 * when (before or after its creator's setsid), at which pids (eclone), and which temporary tasks
 * stand in for the dead: a ghost for a dead session or group leader whose session or group lives
 * on, a placeholder that creates an orphan and dies so that its reaper adopts it, a keeper that
 * keeps a group alive while its leader moves to another. specs/restart/Restart.tla states the same
 * rules. The creator of a task X with parent P and session S is the first that applies:
 * <ol>
 * <li>R1 same session: P is S's leader (X is created after P's setsid), or P is no leader and is in S;</li>
 * <li>R2 born before its parent's setsid: P is a leader of another session; P creates X before its
 *     setsid, so P must itself be born in S (a requirement that climbs P's creators);</li>
 * <li>R3 a sibling session leader: S's leader L is P's child: L creates X with CLONE_PARENT;</li>
 * <li>R4 an adopted orphan: S's leader L lies below P in P's namespace: a placeholder created by L
 *     creates X and exits right away, with P's subreaper flag set just for that exit (P need not be
 *     a subreaper in the image: it may have cleared its flag after adopting X);</li>
 * <li>R5 (then R4) a leader moved away: S's leader L, created by its parent and then calling setsid,
 *     does not lie below P but its parent lies above P: L is created below P through a placeholder
 *     that P makes and that exits once L's subtree exists, so that L goes to its parent;</li>
 * <li>otherwise the tree is refused (EINVAL naming X and the reason).</li>
 * </ol>
 * A thread (its tgid is not its pid) follows none of these: its leader creates it with
 * CLONE_THREAD|CLONE_SIGHAND|CLONE_VM after its own setsid (user-cr's TASK_THREAD), so that it has
 * the leader's parent, session and group; its group moves with its leader's.
 * Groups come after every task exists: would-be leaders make their groups, members join, then the
 * leaders that moved to another group leave theirs (a keeper keeps each such group alive).
 *
 * <p>Three phases: {@link CreationPlanner} (sessions and creations), {@link PlanReplay} (the
 * creations replayed against the saved tree), {@link GroupPlanner} (groups).
 */
public final class Planner {
    private Planner() {}

    /** A plan, or why the tree cannot be rebuilt. */
    public record Outcome(Plan plan, String refusal) {
    }

    public static Outcome plan(SavedImage image) {
        return plan(image, BirthOrder.LINUX_CR);
    }

    public static Outcome plan(SavedImage image, BirthOrder births) {
        try {
            return new Outcome(build(image, births), null);
        } catch (Refused r) {
            return new Outcome(null, r.getMessage());
        }
    }

    private static Plan build(SavedImage image, BirthOrder births) throws Refused {
        PlanNodes nodes = new PlanNodes(image.tasks().size());
        TemporaryPids temporaryPids = new TemporaryPids();
        for (SavedImage.SavedTask t : image.tasks()) {
            ImageRecord.TreeEntry e = t.entry();
            boolean subreaper = (t.task().flags() & ImageRecord.Task.SUBREAPER) != 0;
            nodes.put(new PlanNode(e.pid(), e.pids(), t.index() == 0 ? 0 : e.ppid(), e.sid(), e.pgid(),
                    PlanNode.Kind.TASK, subreaper, t.zombie(), t.index(), e.tgid()));
            for (int level = 0; level < e.pids().size(); level++) {
                temporaryPids.taken(level, e.pids().get(level));
            }
        }
        int root = image.tasks().get(0).pid();
        if (root != 1) {
            throw new Refused("the root (pid " + root + ") is not pid 1 of its namespace: restart makes a new PID "
                    + "namespace, whose first task is pid 1");
        }
        for (PlanNode n : nodes.values()) {
            PlanNode leader = nodes.get(n.tgid());
            if (n.thread() && (leader == null || leader.thread() || n.pid() == root)) {
                throw new Refused("task " + n.pid() + " is a thread of " + n.tgid() + ", which is not a thread-group "
                        + "leader of the image");
            }
        }
        List<PlanStep> steps = new CreationPlanner(nodes, temporaryPids, births, root).plan();
        PlanReplay.check(steps, nodes);
        new GroupPlanner(nodes, temporaryPids).plan(steps);
        return new Plan(nodes.asMap(), steps);
    }
}
