package org.croracle.impl.kernel;

import java.util.List;

/**
 * One step of a restart plan, made by the task it names (a task of the restart, or the restarter
 * for the root): the legal process steps that rebuild the tree (MakeForest).
 *
 * @param op          CREATE, SETSID, SETPGID (restore_task's in-kernel pgid restore, not setpgid(2)), SUBREAPER (an adopter's flag, set before its
 *                    orphans' placeholders exit), EXIT (a placeholder), WAIT (actor reaps node)
 * @param actor       the pid (container namespace) of the task that makes the step; 0 = the restarter
 * @param node        the task created, or the task itself
 * @param cloneParent CREATE with CLONE_PARENT (the new task's parent is the actor's parent)
 * @param newPid      CREATE with CLONE_NEWPID
 * @param pids        CREATE: the eclone pid array (the actor's levels of the container, outermost first)
 * @param pgid        SETPGID: the group (0: its own); SUBREAPER: 1 on, 0 off
 */
public record PlanStep(Op op, int actor, int node, boolean cloneParent, boolean newPid, List<Integer> pids, int pgid) {

    public enum Op { CREATE, SETSID, SETPGID, SUBREAPER, EXIT, WAIT }

    public PlanStep {
        pids = List.copyOf(pids);
    }

    @Override
    public String toString() {
        String who = actor == 0 ? "restarter" : "task " + actor;
        return switch (op) {
            case CREATE -> who + " creates " + node + " (eclone pids=" + pids + (cloneParent ? ", CLONE_PARENT" : "")
                    + (newPid ? ", CLONE_NEWPID" : "") + ")";
            case SETSID -> "task " + node + " setsid()";
            case SETPGID -> "task " + node + " restores its pgid " + pgid + " (in-kernel, as restore_task)";
            case SUBREAPER -> "task " + node + " prctl(PR_SET_CHILD_SUBREAPER, " + pgid + ")";
            case EXIT -> "task " + node + " exit(0)";
            case WAIT -> who + " wait(" + node + ")";
        };
    }
}
