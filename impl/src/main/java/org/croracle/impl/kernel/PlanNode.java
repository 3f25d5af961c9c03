package org.croracle.impl.kernel;

import java.util.List;

/**
 * A task the restart creates: a task of the image, or one that exists only during the restart.
 *
 * @param pid        its pid in the container's namespace (level 0 of {@code pids})
 * @param pids       its pid vector from the container's namespace down to its own
 * @param parent     the pid of its parent at the end of the restart (0 for the root)
 * @param sid        its session (0: the restarter's own, anchored outside the container)
 * @param pgid       its process group (0: the restarter's own)
 * @param kind       what it is
 * @param subreaper  its PR_SET_CHILD_SUBREAPER flag at the end
 * @param zombie     it ends as a zombie (it exits with its saved status when its turn comes)
 * @param image      its index in the image, or -1
 * @param tgid       its thread group (its leader's pid; its own pid unless it is a thread)
 */
public record PlanNode(int pid, List<Integer> pids, int parent, int sid, int pgid, Kind kind, boolean subreaper,
                       boolean zombie, int image, int tgid) {

    public enum Kind {
        /** A task of the image. */
        TASK,
        /** A dead session leader whose session lives on: it makes the session, then exits. */
        GHOST_SESSION,
        /** A dead group leader whose group lives on: it makes the group, then exits. */
        GHOST_GROUP,
        /** It creates an orphan and exits, so that the orphan is adopted by its reaper. */
        PLACEHOLDER,
        /** It keeps a process group alive while its leader moves to another group, then exits. */
        KEEPER
    }

    public PlanNode {
        pids = List.copyOf(pids);
    }

    /** A task that leads its own thread group (every temporary task does). */
    public PlanNode(int pid, List<Integer> pids, int parent, int sid, int pgid, Kind kind, boolean subreaper,
                    boolean zombie, int image) {
        this(pid, pids, parent, sid, pgid, kind, subreaper, zombie, image, pid);
    }

    /** A thread that does not lead its group: its leader creates it with CLONE_THREAD. */
    public boolean thread() {
        return tgid != pid;
    }

    public boolean temporary() {
        return kind != Kind.TASK;
    }

    public boolean sessionLeader() {
        return sid == pid;
    }

    /** Its level below the container's namespace. */
    public int level() {
        return pids.size() - 1;
    }

    /** The init of a namespace nested in the container's (created with CLONE_NEWPID). */
    public boolean nsInit() {
        return level() > 0 && pids.get(pids.size() - 1) == 1;
    }
}
