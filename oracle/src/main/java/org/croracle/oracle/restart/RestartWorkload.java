package org.croracle.oracle.restart;

import java.io.ByteArrayOutputStream;
import java.util.List;

import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.RestartFlags;
import org.croracle.impl.syscall.RestartIo;
import org.croracle.oracle.trace.Workload;

/**
 * Random container trees (no nested pid namespace, no thread: what Restart.tla describes) built by
 * fork, fork with CLONE_PARENT or CLONE_FILES (tasks sharing an fd table), setsid, setpgid, exit, kill, wait and subreaper flags, and now and
 * then a round trip: freeze the container, checkpoint it, destroy it and restart it into a new
 * freezer cgroup (with RESTART_FROZEN one time in two, thawed afterwards), where the next codes go
 * on. The container is the live one of the highest number ({@code c0}, {@code c1}, ...); a code
 * finds none (at first, or after a refused restart) and makes one. A code is {@code kind + KINDS
 * * selector}; the actor is a live task of the container.
 */
public final class RestartWorkload implements Workload {

    private static final int KINDS = 16;
    private static final int MAX_TASKS = 12;
    private static final int FD = 90;
    private static final ForkOptions SHARING_FILES = new ForkOptions(null, false, false, true, false, false, false, false);

    @Override
    public int codeBound() {
        return KINDS * 256;
    }

    @Override
    public void apply(Kernel k, int code) {
        int kind = code % KINDS;
        int sel = code / KINDS;
        int box = container(k.state());
        if (box < 0) {
            create(k, sel);
            return;
        }
        String cg = name(box);
        List<Task> live = k.state().members(cg).stream().filter(t -> !t.isZombie()).toList();
        List<Task> all = k.state().members(cg);
        Task t = live.get(Math.floorMod(sel, live.size()));
        int init = k.state().namespaces().get(t.ns()).init();
        switch (kind) {
            case 0, 1 -> {
                if (all.size() < MAX_TASKS) {
                    k.fork(t.pid(), ForkOptions.PLAIN);
                }
            }
            case 2 -> {
                if (all.size() < MAX_TASKS) {
                    k.fork(t.pid(), SHARING_FILES); // CLONE_FILES: the image shares one fd table
                }
            }
            case 3 -> {
                if (all.size() < MAX_TASKS && t.pid() != init) {
                    k.fork(t.pid(), new ForkOptions(null, false, true)); // CLONE_PARENT
                }
            }
            case 4, 5 -> k.setsid(t.pid());
            case 6 -> k.setpgid(t.pid(), 0, 0);
            case 7, 8 -> k.setpgid(t.pid(), 0, all.get(Math.floorMod(sel / 3, all.size())).pgid());
            case 9 -> {
                if (t.pid() != init) {
                    k.exit(t.pid(), sel % 4);
                }
            }
            case 10 -> {
                if (t.pid() != init) {
                    k.kill(t.ppid(), t.pid(), Signal.SIGKILL);
                }
            }
            case 11 -> {
                List<Task> zombies = all.stream().filter(Task::isZombie).toList();
                if (!zombies.isEmpty()) {
                    Task z = zombies.get(Math.floorMod(sel, zombies.size()));
                    k.wait(z.ppid(), z.pid());
                }
            }
            case 12, 13 -> k.subreaper(t.pid(), sel % 3 != 0);
            default -> roundTrip(k, box, init, (sel & 1) != 0);
        }
    }

    /** A new container: an init in a new pid namespace and freezer cgroup, a session leader or not. */
    private static void create(Kernel k, int sel) {
        Result<Integer> c = k.fork(k.hostPid(), new ForkOptions(unused(k.state()), true, false));
        if (c.isOk() && sel % 4 != 0) {
            k.setsid(c.value());
        }
    }

    /** Freeze, checkpoint, destroy, restart into the next cgroup (and thaw it if it was restarted frozen). */
    private static void roundTrip(Kernel k, int box, int init, boolean frozen) {
        int host = k.hostPid();
        String cg = name(box);
        Result<FreezerState> f = k.freeze(cg);
        if (!f.isOk() || f.value() != FreezerState.FROZEN) {
            k.freezerWrite(cg, FreezerState.THAWED);
            return;
        }
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        k.open(host, "/ckpt/" + cg, FD, false, true);
        Result<Long> ck = k.checkpoint(host, init, 0, CheckpointIo.of(FD, image));
        k.close(host, FD);
        k.freezerWrite(cg, FreezerState.THAWED);
        if (!ck.isOk()) {
            return;
        }
        k.kill(host, init, Signal.SIGKILL);
        for (int pid : k.pendingSignals()) {
            k.deliverPendingSignal(pid);
        }
        k.wait(host, init);
        String into = unused(k.state());
        k.open(host, "/ckpt/" + cg, FD, true, false);
        k.restart(host, frozen ? RestartFlags.FROZEN : 0, into, new RestartIo(FD, image.toByteArray(), -1, line -> { }));
        k.close(host, FD);
        if (frozen && k.state().cgroups().containsKey(into)) {
            k.freezerWrite(into, FreezerState.THAWED);
        }
    }

    /** The number of the container with live tasks and the highest number, or -1. */
    private static int container(KernelState s) {
        for (int i = s.cgroups().size(); i >= 0; i--) {
            if (s.members(name(i)).stream().anyMatch(t -> !t.isZombie())) {
                return i;
            }
        }
        return -1;
    }

    /** The first container name that no freezer cgroup has yet (a failed restart leaves its cgroup). */
    private static String unused(KernelState s) {
        int i = 0;
        while (s.cgroups().containsKey(name(i))) {
            i++;
        }
        return name(i);
    }

    private static String name(int i) {
        return "c" + i;
    }
}
