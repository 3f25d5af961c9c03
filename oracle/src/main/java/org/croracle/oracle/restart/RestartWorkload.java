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
import org.croracle.impl.syscall.Restarted;
import org.croracle.impl.kernel.CheckpointFlags;
import org.croracle.impl.syscall.RestartFault;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.restart.Leftovers;
import org.croracle.oracle.trace.Workload;

/**
 * Random container trees (no nested pid namespace, no thread: what Restart.tla describes) built by
 * fork, fork with CLONE_PARENT or CLONE_FILES (tasks sharing an fd table), setsid, setpgid, exit, kill, wait and subreaper flags, and now and
 * then a round trip: freeze the container, checkpoint it, destroy it and restart it into a new
 * freezer cgroup (with RESTART_FROZEN one time in two, thawed afterwards), where the next codes go
 * on. One restart in two has a fault injected at a step the code names (Kernel.injectRestartFault);
 * a restart that fails must leave nothing behind (an AssertionError otherwise, a failure of the
 * trace). Now and then two tasks of host's try RESTART_TASKSELF with credentials of their own
 * ({@link #selfRestart}): its privilege rules are checked by the workload, Restart.tla has none. The container is the live one of the highest number ({@code c0}, {@code c1}, ...); a code
 * finds none (at first, or after a refused restart) and makes one. A code is {@code kind + KINDS
 * * selector}; the actor is a live task of the container.
 */
public final class RestartWorkload implements Workload {

    private static final int KINDS = 17;
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
            case 16 -> selfRestart(k, sel);
            default -> roundTrip(k, box, init, (sel & 1) != 0, fault(sel >> 1));
        }
    }

    /** The credentials a self restart's tasks take: root, or one of two users and groups. */
    private static final int[] IDS = {0, 1000, 1001};

    /**
     * RESTART_TASKSELF's privilege rules, seen only through self restarts: a task {@code a} with
     * credentials drawn from {@code sel} checkpoints itself (CHECKPOINT_SUBTREE, with
     * ckpt_unpriv_allowed 1 so that an unprivileged one may), then a task {@code b} with its own
     * credentials restarts that image into itself under ckpt_unpriv_allowed 0, 1 or 2. linux-cr
     * refuses (EPERM) an unprivileged caller unless the sysctl is 2, and an unprivileged caller
     * whose uid or gid is not the image's; anything else succeeds. Both tasks are then killed and
     * reaped, and the sysctl is put back.
     */
    private static void selfRestart(Kernel k, int sel) {
        int host = k.hostPid();
        int sysctl = sel % 3;
        int ua = IDS[sel / 3 % 3];
        int ga = IDS[sel / 9 % 3];
        // the restarter: the image's credentials, root, another (unprivileged) uid, or the image's uid
        // (unprivileged) with another gid
        int choice = sel / 27 % 4;
        int ub = switch (choice) {
            case 0 -> ua;
            case 1 -> 0;
            case 2 -> ua == 1000 ? 1001 : 1000;
            default -> ua == 0 ? 1000 : ua;
        };
        int gb = choice == 3 ? (ga == 1000 ? 1001 : 1000) : ga;
        int before = k.state().ckptUnprivAllowed();
        Result<Integer> a = k.fork(host, ForkOptions.PLAIN);
        Result<Integer> b = k.fork(host, ForkOptions.PLAIN);
        if (!a.isOk() || !b.isOk()) {
            return;
        }
        k.setgid(a.value(), ga);
        k.setuid(a.value(), ua);
        k.setgid(b.value(), gb);
        k.setuid(b.value(), ub);
        k.sysctlCkptUnprivAllowed(1);
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        k.open(a.value(), "/ckpt/self", FD, false, true);
        Result<Long> ck = k.checkpoint(a.value(), 0, CheckpointFlags.SUBTREE, CheckpointIo.of(FD, image));
        k.close(a.value(), FD);
        if (ck.isOk()) {
            k.sysctlCkptUnprivAllowed(sysctl);
            k.open(b.value(), "/ckpt/self", FD, true, false);
            Result<Restarted> r = k.restart(b.value(), RestartFlags.TASKSELF, unused(k.state()),
                    new RestartIo(FD, image.toByteArray(), -1, line -> { }));
            k.close(b.value(), FD);
            boolean privileged = ub == 0;
            String refusal = !privileged && sysctl < 2 ? "an unprivileged caller under ckpt_unpriv_allowed " + sysctl
                    : !privileged && (ua != ub || ga != gb) ? "an unprivileged caller with another uid or gid than the image's"
                    : null;
            if ((refusal == null) != r.isOk() || refusal != null && r.errno() != Errno.EPERM) {
                throw new AssertionError("RESTART_TASKSELF by uid " + ub + " gid " + gb + " of an image of uid " + ua
                        + " gid " + ga + " under ckpt_unpriv_allowed " + sysctl + ": expected "
                        + (refusal == null ? "ok" : "EPERM (" + refusal + ")") + ", got " + r);
            }
        }
        k.sysctlCkptUnprivAllowed(before);
        for (int pid : List.of(a.value(), b.value())) {
            k.kill(host, pid, Signal.SIGKILL);
        }
        for (int pid : k.pendingSignals()) {
            k.deliverPendingSignal(pid);
        }
        k.wait(host, a.value());
        k.wait(host, b.value());
    }

    /**
     * One round trip in two restarts with a fault injected at a step named by {@code sel}: a plan
     * step (after the init exists, so that tasks are there to undo), a task's restore, a temporary
     * task's exit or RESTART_FROZEN's freeze; a step the restart does not have injects nothing.
     */
    private static RestartFault fault(int sel) {
        if ((sel & 1) == 0) {
            return null;
        }
        int n = sel >> 3;
        Errno e = (sel & 2) == 0 ? Errno.ENOMEM : Errno.EIO;
        return new RestartFault(switch (((sel >> 2) & 1) | ((n & 1) << 1)) {
            case 0 -> "plan:" + (2 + n % 9);
            case 1 -> "restore:" + (1 + n % 7);
            case 2 -> "exit:" + (1 + n % 3);
            default -> n % 4 == 1 ? "freeze" : "restore:" + (1 + n % 5);
        }, e);
    }

    /** A new container: an init in a new pid namespace and freezer cgroup, a session leader or not. */
    private static void create(Kernel k, int sel) {
        Result<Integer> c = k.fork(k.hostPid(), new ForkOptions(unused(k.state()), true, false));
        if (c.isOk() && sel % 4 != 0) {
            k.setsid(c.value());
        }
    }

    /** Freeze, checkpoint, destroy, restart into the next cgroup (and thaw it if it was restarted frozen). */
    private static void roundTrip(Kernel k, int box, int init, boolean frozen, RestartFault fault) {
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
        if (fault != null) {
            k.injectRestartFault(fault);
        }
        KernelState before = k.state();
        Result<?> r = k.restart(host, frozen ? RestartFlags.FROZEN : 0, into,
                new RestartIo(FD, image.toByteArray(), -1, line -> { }));
        k.injectRestartFault(null);
        if (!r.isOk()) {
            // All or nothing: a restart that failed, wherever it failed, leaves nothing behind.
            List<String> left = Leftovers.of(before, k.state());
            if (!left.isEmpty()) {
                throw new AssertionError("restart into " + into + " failed (" + r + ") and left " + String.join("; ", left));
            }
        }
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
