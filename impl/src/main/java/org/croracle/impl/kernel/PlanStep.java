package org.croracle.impl.kernel;

import java.util.List;

/**
 * One step of a restart plan, made by the task it names (a task of the restart, or the restarter
 * for the root): the legal process steps that rebuild the tree (MakeForest). Made by the factory
 * of its op, which fills only that op's fields.
 *
 * @param op          CREATE, SETSID, SETPGID (restore_task's in-kernel pgid restore, not setpgid(2)), SUBREAPER (an adopter's flag, set before its
 *                    orphans' placeholders exit), EXIT (a placeholder), WAIT (actor reaps node)
 * @param actor       the pid (container namespace) of the task that makes the step; 0 = the restarter
 * @param node        the task created, or the task itself
 * @param cloneParent CREATE with CLONE_PARENT (the new task's parent is the actor's parent)
 * @param newPid      CREATE with CLONE_NEWPID
 * @param pids        CREATE: the eclone pid array (the actor's levels of the container, outermost first)
 * @param pgid        SETPGID: the group
 * @param subreaper   SUBREAPER: the flag set (true) or cleared (false)
 */
public record PlanStep(Op op, int actor, int node, boolean cloneParent, boolean newPid, List<Integer> pids, int pgid,
                       boolean subreaper) {

    public enum Op { CREATE, SETSID, SETPGID, SUBREAPER, EXIT, WAIT }

    public PlanStep {
        pids = List.copyOf(pids);
    }

    /** actor (0: the restarter) creates node, at these pids (eclone), as its child or with CLONE_PARENT its sibling. */
    public static PlanStep create(int actor, int node, boolean cloneParent, boolean newPid, List<Integer> pids) {
        return new PlanStep(Op.CREATE, actor, node, cloneParent, newPid, pids, 0, false);
    }

    /** node makes a session of its own. */
    public static PlanStep setsid(int node) {
        return new PlanStep(Op.SETSID, node, node, false, false, List.of(), 0, false);
    }

    /** node moves to group pgid. */
    public static PlanStep setpgid(int node, int pgid) {
        return new PlanStep(Op.SETPGID, node, node, false, false, List.of(), pgid, false);
    }

    /** node sets (on) or clears its PR_SET_CHILD_SUBREAPER flag. */
    public static PlanStep subreaper(int node, boolean on) {
        return new PlanStep(Op.SUBREAPER, node, node, false, false, List.of(), 0, on);
    }

    /** node exits (status 0). */
    public static PlanStep exit(int node) {
        return new PlanStep(Op.EXIT, node, node, false, false, List.of(), 0, false);
    }

    /** actor reaps node, its exited child. */
    public static PlanStep waitFor(int actor, int node) {
        return new PlanStep(Op.WAIT, actor, node, false, false, List.of(), 0, false);
    }

    @Override
    public String toString() {
        String who = actor == 0 ? "restarter" : "task " + actor;
        return switch (op) {
            case CREATE -> who + " creates " + node + " (eclone pids=" + pids + (cloneParent ? ", CLONE_PARENT" : "")
                    + (newPid ? ", CLONE_NEWPID" : "") + ")";
            case SETSID -> "task " + node + " setsid()";
            case SETPGID -> "task " + node + " restores its pgid " + pgid + " (in-kernel, as restore_task)";
            case SUBREAPER -> "task " + node + " prctl(PR_SET_CHILD_SUBREAPER, " + (subreaper ? 1 : 0) + ")";
            case EXIT -> "task " + node + " exit(0)";
            case WAIT -> who + " wait(" + node + ")";
        };
    }
}
