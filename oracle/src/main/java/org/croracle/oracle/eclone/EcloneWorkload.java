package org.croracle.oracle.eclone;

import java.util.ArrayList;
import java.util.List;

import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Sighand;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.oracle.trace.Workload;

/**
 * Random fork, fork with CLONE_NEWPID, CLONE_PARENT or CLONE_THREAD (threads, also of namespace inits), subreaper on/off, eclone (with pid arrays of every length, entries free, in
 * use, automatic or out of range), exit (namespace inits included), kill (of any task by any task, namespace inits
 * included, with SIGKILL, SIGSTOP, SIGTERM handled or not, SIGCHLD), wait and setuid, over nested
 * PID namespaces. A code is {@code kind + KINDS * selector}; tasks are picked newest first. Every
 * code is exactly one kernel step.
 */
public final class EcloneWorkload implements Workload {

    private static final int KINDS = 14;
    private static final int MAX_TASKS = 14;

    /** CLONE_THREAD, with the CLONE_SIGHAND and CLONE_VM it needs. */
    private static final ForkOptions THREAD = new ForkOptions(null, false, false, false, true, false, true, true);

    /** SIGKILL and SIGSTOP (forced on an init from above), a fatal catchable one, one ignored by default. */
    private static final List<Signal> SIGNALS = List.of(Signal.SIGKILL, Signal.SIGTERM, Signal.SIGSTOP, Signal.SIGCHLD);

    @Override
    public int codeBound() {
        return KINDS * 256;
    }

    @Override
    public void apply(Kernel k, int code) {
        KernelState s = k.state();
        int kind = code % KINDS;
        int sel = code / KINDS;
        List<Task> all = new ArrayList<>(s.tasks().values());
        Task t = pick(all, sel);
        if (kind <= 4 && all.size() >= MAX_TASKS) {
            kind = 5; // full: an exit instead, so that every code is one kernel step
        }
        switch (kind) {
            case 0, 1 -> k.fork(t.pid(), ForkOptions.PLAIN);
            case 2 -> k.fork(t.pid(), ForkOptions.NEWPID);
            case 3, 4 -> k.eclone(t.pid(), (sel / 7) % 4 == 0 ? ForkOptions.NEWPID : ForkOptions.PLAIN,
                    request(s, t, sel / 3));
            case 5 -> k.exit(t.pid(), sel % 3);
            case 6, 7 -> {
                List<Task> zombies = all.stream().filter(Task::isZombie).toList();
                if (!zombies.isEmpty() && sel % 4 != 3) {
                    Task z = pick(zombies, sel);
                    k.wait(z.ppid(), z.pid());
                } else {
                    k.wait(t.pid(), pick(all, sel / 5).pid());
                }
            }
            case 8 -> k.setuid(t.pid(), sel % 3 == 0 ? 1000 : 0);
            case 9 -> {
                switch (sel % 4) {
                    case 0 -> k.getppid(t.pid());
                    case 1, 2 -> k.kill(t.pid(), pick(all, sel / 4).pid(), SIGNALS.get((sel / 16) % SIGNALS.size()));
                    default -> k.sigaction(t.pid(), Signal.SIGTERM, (sel / 4) % 2 == 0 ? Sighand.Disposition.HANDLE
                            : Sighand.Disposition.DEFAULT);
                }
            }
            case 10 -> {
                switch (sel % 4) {
                    case 0, 1 -> k.fork(t.pid(), new ForkOptions(null, false, true)); // CLONE_PARENT (EINVAL from an init's group)
                    case 2 -> k.fork(t.pid(), THREAD); // CLONE_THREAD (allowed from an init)
                    default -> {
                        if ((sel / 4) % 2 == 0) {
                            k.eclone(t.pid(), THREAD, request(s, t, sel / 8)); // a thread with chosen pids
                        } else { // CLONE_THREAD with CLONE_NEWPID (EINVAL) or with CLONE_PARENT
                            boolean newPid = (sel / 8) % 2 == 0;
                            k.fork(t.pid(), new ForkOptions(null, newPid, !newPid, false, true, false, true, true));
                        }
                    }
                }
            }
            case 11 -> k.subreaper(t.pid(), sel % 2 == 0);
            case 12 -> k.setsid(t.pid());
            default -> k.setpgid(t.pid(), sel % 3 == 0 ? 0 : pick(all, sel / 3).pid(), sel % 4 == 0 ? 0 : pick(all, sel / 5).pid());
        }
    }

    /**
     * A pid array for caller {@code c}: usually as long as c's depth (one entry per level), now
     * and then shorter or one too long (EINVAL); each entry automatic, a pid in use at that level,
     * a pid that is likely free, or out of range.
     */
    private static List<Integer> request(KernelState s, Task c, int sel) {
        int depth = c.level() + 1;
        int length = switch (sel % 5) {
            case 0 -> depth + 1;
            case 1 -> Math.max(1, depth - 1);
            default -> depth;
        };
        List<Integer> chain = s.chain(c.ns());
        int offset = depth - length;
        List<Integer> pids = new ArrayList<>();
        int bits = sel / 5;
        for (int i = 0; i < length; i++) {
            int level = offset + i;
            int choice = (bits >> (2 * i)) & 3;
            if (level < 0 || level >= chain.size()) {
                pids.add(400 + i);
                continue;
            }
            List<Integer> used = new ArrayList<>(s.pidmaps().get(chain.get(level)));
            pids.add(switch (choice) {
                case 0 -> 0;
                case 1 -> used.get(Math.floorMod(bits, used.size()));
                case 2 -> 350 + Math.floorMod(bits, 20);
                default -> bits % 2 == 0 ? -1 : 40000;
            });
        }
        return pids;
    }

    private static <T> T pick(List<T> from, int sel) {
        return from.get(from.size() - 1 - Math.floorMod(sel, from.size()));
    }
}
