package org.croracle.oracle.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.croracle.impl.kernel.ExitStatus;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Sighand;

/**
 * What the two kernels are compared on, per task: the facts of a process tree (pids, parents,
 * sessions, groups, state, exit status, credentials, signal masks) that both can show. Pids are
 * global (the simulated kernel's root namespace is the helper's host namespace). Signal sets are
 * Linux's masks (bit {@code signo - 1}); a zombie's are zero, since it has none.
 *
 * @param state "alive", "frozen" (in its freezer cgroup's refrigerator), "zombie", or "stopped" (job-control
 *              stop, which the simulated kernel does not model)
 * @param exit "code N" or "signal SIGNAME" for a zombie, "-" while it lives
 * @param pending signals sent and not yet taken (live tasks; a fatal signal sent to a frozen task counts)
 */
public record ProcessFacts(List<Integer> pids, int ppid, int sid, int pgid, String state, String exit, int uid, int gid,
                           long blocked, long ignored, long caught, long pending) {

    /**
     * A frozen task's SIGKILL is left out of its pending signals: the model dooms a frozen task its
     * namespace's dying init must kill only when it is thawed, Linux's zap sends SIGKILL at once; on
     * both it dies at the thaw, which is compared then.
     */
    public ProcessFacts {
        if (state.equals("frozen")) {
            pending &= ~bit(Signal.SIGKILL.number());
        }
        pending &= ~bit(Signal.SIGCHLD.number()); // see MODEL_HAS_NO_SIGCHLD
    }

    /**
     * The model sends no SIGCHLD when a child dies, so a parent that blocks SIGCHLD has it pending
     * on Linux only; pending SIGCHLD is left out of every comparison with the model (a restart on
     * Linux is still compared with Linux's own image, where it counts).
     */
    public static final String MODEL_HAS_NO_SIGCHLD = "the model sends no SIGCHLD when a child dies";

    /** Field names and values, in order, for describing a difference. */
    List<String[]> fields() {
        return List.of(new String[] {"pid vector", pids.toString()}, new String[] {"parent", String.valueOf(ppid)},
                new String[] {"session", String.valueOf(sid)}, new String[] {"group", String.valueOf(pgid)},
                new String[] {"state", state}, new String[] {"exit status", exit},
                new String[] {"uid", String.valueOf(uid)}, new String[] {"gid", String.valueOf(gid)},
                new String[] {"blocked signals", signals(blocked)}, new String[] {"ignored signals", signals(ignored)},
                new String[] {"caught signals", signals(caught)}, new String[] {"pending signals", signals(pending)});
    }

    /** The simulated kernel's tasks, by global pid. */
    public static SortedMap<Integer, ProcessFacts> of(KernelState s) {
        SortedMap<Integer, ProcessFacts> out = new TreeMap<>();
        for (Task t : s.tasks().values()) {
            long ignored = 0;
            long caught = 0;
            if (!t.isZombie()) {
                Sighand h = s.objects().get(t.res().sighand(), Sighand.class);
                for (Signal sig : Signal.values()) {
                    Sighand.Disposition d = h == null ? Sighand.Disposition.DEFAULT : h.of(sig);
                    if (d == Sighand.Disposition.IGNORE) {
                        ignored |= bit(sig.number());
                    } else if (d == Sighand.Disposition.HANDLE) {
                        caught |= bit(sig.number());
                    }
                }
            }
            long pending = t.isZombie() ? 0 : mask(t.pending()) | (t.doomedBy() == null ? 0 : bit(t.doomedBy().number()));
            String state = t.isZombie() ? "zombie" : t.state() == org.croracle.impl.kernel.RunState.FROZEN ? "frozen" : "alive";
            out.put(t.pid(), new ProcessFacts(t.pids(), t.ppid(), t.sid(), t.pgid(), state,
                    t.isZombie() ? exit(t.exit()) : "-", t.uid(), t.gid(), t.isZombie() ? 0 : mask(t.blocked()), ignored, caught,
                    pending));
        }
        return out;
    }

    /** Linux's tasks, by host-namespace pid. */
    public static SortedMap<Integer, ProcessFacts> of(List<LinuxTask> tasks) {
        SortedMap<Integer, ProcessFacts> out = new TreeMap<>();
        for (LinuxTask t : tasks) {
            String exit = "-";
            if (t.zombie()) {
                int w = t.exitCode() == null ? 0 : t.exitCode();
                exit = (w & 0x7f) == 0 ? "code " + ((w >> 8) & 0xff) : "signal " + signalName(w & 0x7f);
            }
            String state = t.zombie() ? "zombie" : t.frozen() ? "frozen" : t.state() == 'T' || t.state() == 't' ? "stopped" : "alive";
            // zap_pid_ns_processes() ignores SIGCHLD in a dying init so that its namespace is reaped at once
            long ignored = t.dying() ? t.ignored() & ~bit(Signal.SIGCHLD.number()) : t.ignored();
            out.put(t.pid(), new ProcessFacts(t.pids(), t.ppid(), t.sid(), t.pgid(), state, exit, t.uid(), t.gid(),
                    t.zombie() ? 0 : t.blocked(), t.zombie() ? 0 : ignored, t.zombie() ? 0 : t.caught(),
                    t.zombie() ? 0 : t.pending()));
        }
        return out;
    }

    private static String exit(ExitStatus e) {
        return e.killed() ? "signal " + e.signal().name() : "code " + e.code();
    }

    private static long mask(Set<Signal> signals) {
        long m = 0;
        for (Signal s : signals) {
            m |= bit(s.number());
        }
        return m;
    }

    private static long bit(int signo) {
        return 1L << (signo - 1);
    }

    private static String signalName(int signo) {
        for (Signal s : Signal.values()) {
            if (s.number() == signo) {
                return s.name();
            }
        }
        return "signal" + signo;
    }

    static String signals(long mask) {
        List<String> names = new ArrayList<>();
        for (int n = 1; n <= 64; n++) {
            if ((mask & bit(n)) != 0) {
                names.add(signalName(n));
            }
        }
        return names.isEmpty() ? "none" : String.join(",", names);
    }
}
