package org.croracle.oracle.restart;

import java.util.Collections;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

import org.croracle.model.restart.RestartState;
import org.croracle.model.tla.TlaValue;

/**
 * One restart() as its kernel steps show it. The kernel keeps a restart's progress only in the
 * call's stack (which plan step, which task restores now), so the binding follows its steps:
 * this is what they told so far; {@link RestartAbstraction} adds what the kernel's state tells.
 *
 * @param given    what the restart was given and planned
 * @param root     the global pid of its init, 0 before it is created
 * @param ns       the id of the container's pid namespace, -1 before the init is created
 * @param pc       the next plan step (1-based, WAIT steps left out)
 * @param created  the pids (container's) that a plan step created
 * @param restoring restore_begin happened: the restore cursor is on
 * @param restored the tasks whose restore is complete (their subreaper flag included)
 * @param exited   the saved zombies that exited on their turn
 * @param resumed  restart_resume happened: the restart succeeded
 * @param error    the first error ("none")
 * @param illegal  the first plan step the kernel refused
 * @param ended    restart() has returned (or the cleanup of a failure is complete): no step is its any more
 */
record RestartRun(Given given, int root, int ns, int pc, Set<Integer> created, boolean restoring,
                  Set<Integer> restored, Set<Integer> exited, boolean resumed, String error,
                  RestartState.Illegal illegal, boolean ended) {

    /**
     * What a restart was given: its freezer cgroup (the binding's instance), the caller's global
     * pid, RESTART_FROZEN, the saved tree and the plan (also as a TLA+ value, converted once).
     */
    record Given(String cgroup, int caller, boolean frozenFlag, SortedMap<Integer, RestartState.SavedTask> saved,
                 RestartState.Plan plan, TlaValue planValue) {
    }

    static final String NO_ERROR = "none";

    RestartRun {
        created = Collections.unmodifiableSet(new TreeSet<>(created));
        restored = Collections.unmodifiableSet(new TreeSet<>(restored));
        exited = Collections.unmodifiableSet(new TreeSet<>(exited));
    }

    static RestartRun start(Given given) {
        return new RestartRun(given, 0, -1, 1, Set.of(), false, Set.of(), Set.of(), false, NO_ERROR,
                RestartState.Illegal.NONE, false);
    }

    /** Its init exists: from here on its steps are checked. */
    boolean started() {
        return root != 0;
    }

    boolean failed() {
        return !error.equals(NO_ERROR);
    }

    RestartRun withRoot(int rootPid, int nsId) {
        return new RestartRun(given, rootPid, nsId, pc, created, restoring, restored, exited, resumed, error, illegal, ended);
    }

    /** A plan step ran; {@code pid} is what it created, or 0. */
    RestartRun stepDone(int pid) {
        Set<Integer> c = pid == 0 ? created : plus(created, pid);
        return new RestartRun(given, root, ns, pc + 1, c, restoring, restored, exited, resumed, error, illegal, ended);
    }

    /** The kernel refused a plan step: recorded, and the restart fails (pc stays on it). */
    RestartRun stepRefused(String op, int pid, String errno) {
        RestartState.Illegal first = illegal.equals(RestartState.Illegal.NONE)
                ? new RestartState.Illegal(pc, op, pid, errno) : illegal;
        return new RestartRun(given, root, ns, pc, created, restoring, restored, exited, resumed, firstError(errno),
                first, ended);
    }

    /** An error that no plan step made (a fault, a task's restore): the restart fails. */
    RestartRun fails(String errno) {
        return new RestartRun(given, root, ns, pc, created, restoring, restored, exited, resumed, firstError(errno),
                illegal, ended);
    }

    RestartRun restoreBegins() {
        return new RestartRun(given, root, ns, pc, created, true, restored, exited, resumed, error, illegal, ended);
    }

    RestartRun taskRestored(int t) {
        return new RestartRun(given, root, ns, pc, created, restoring, plus(restored, t), exited, resumed, error, illegal,
                ended);
    }

    RestartRun zombieExited(int t) {
        return new RestartRun(given, root, ns, pc, created, restoring, restored, plus(exited, t), resumed, error, illegal,
                ended);
    }

    RestartRun resumes() {
        return new RestartRun(given, root, ns, pc, created, restoring, restored, exited, true, error, illegal, true);
    }

    RestartRun ends() {
        return new RestartRun(given, root, ns, pc, created, restoring, restored, exited, resumed, error, illegal, true);
    }

    private String firstError(String errno) {
        return failed() ? error : errno;
    }

    private static Set<Integer> plus(Set<Integer> s, int x) {
        TreeSet<Integer> out = new TreeSet<>(s);
        out.add(x);
        return out;
    }
}
