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
 * @param thread      CREATE with CLONE_THREAD|CLONE_SIGHAND|CLONE_VM (the new task joins the actor's
 *                    thread group; its parent is the actor's parent)
 * @param pids        CREATE: the eclone pid array (the actor's levels of the container, outermost first)
 * @param pgid        SETPGID: the group
 * @param subreaper   SUBREAPER: the flag set (true) or cleared (false)
 */
public record PlanStep(Op op, int actor, int node, boolean cloneParent, boolean newPid, boolean thread,
                       List<Integer> pids, int pgid, boolean subreaper) {

    public enum Op { CREATE, SETSID, SETPGID, SUBREAPER, EXIT, WAIT }

    public PlanStep {
        pids = List.copyOf(pids);
    }

    /** actor (0: the restarter) creates node, at these pids (eclone), as its child or with CLONE_PARENT its sibling. */
    public static PlanStep create(int actor, int node, boolean cloneParent, boolean newPid, List<Integer> pids) {
        return new PlanStep(Op.CREATE, actor, node, cloneParent, newPid, false, pids, 0, false);
    }

    /** leader creates node, at these pids (eclone), as a thread of its group (user-cr's TASK_THREAD). */
    public static PlanStep createThread(int leader, int node, List<Integer> pids) {
        return new PlanStep(Op.CREATE, leader, node, false, false, true, pids, 0, false);
    }

    /** node makes a session of its own. */
    public static PlanStep setsid(int node) {
        return new PlanStep(Op.SETSID, node, node, false, false, false, List.of(), 0, false);
    }

    /** node moves to group pgid. */
    public static PlanStep setpgid(int node, int pgid) {
        return new PlanStep(Op.SETPGID, node, node, false, false, false, List.of(), pgid, false);
    }

    /** node sets (on) or clears its PR_SET_CHILD_SUBREAPER flag. */
    public static PlanStep subreaper(int node, boolean on) {
        return new PlanStep(Op.SUBREAPER, node, node, false, false, false, List.of(), 0, on);
    }

    /** node exits (status 0). */
    public static PlanStep exit(int node) {
        return new PlanStep(Op.EXIT, node, node, false, false, false, List.of(), 0, false);
    }

    /** actor reaps node, its exited child. */
    public static PlanStep waitFor(int actor, int node) {
        return new PlanStep(Op.WAIT, actor, node, false, false, false, List.of(), 0, false);
    }

    @Override
    public String toString() {
        return describe(Integer::toString);
    }

    /** This step in words, each task (an image pid) as {@code name} gives it: a label for a person reading a plan. */
    public String describe(java.util.function.IntFunction<String> name) {
        String who = actor == 0 ? "restarter" : "task " + name.apply(actor);
        String task = "task " + name.apply(node);
        return switch (op) {
            case CREATE -> who + " creates " + name.apply(node) + (thread ? " as its thread" : "") + " (eclone pids=" + pids
                    + (cloneParent ? ", CLONE_PARENT" : "") + (newPid ? ", CLONE_NEWPID" : "")
                    + (thread ? ", CLONE_THREAD|CLONE_SIGHAND|CLONE_VM" : "") + ")";
            case SETSID -> task + " setsid()";
            case SETPGID -> task + " restores its pgid " + name.apply(pgid) + " (in-kernel, as restore_task)";
            case SUBREAPER -> task + " prctl(PR_SET_CHILD_SUBREAPER, " + (subreaper ? 1 : 0) + ")";
            case EXIT -> task + " exit(0)";
            case WAIT -> who + " wait(" + name.apply(node) + ")";
        };
    }
}
