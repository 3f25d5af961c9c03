package org.croracle.oracle.sharedobjects;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.CheckpointFlags;
import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.syscall.ImageAudit;
import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Mm;
import org.croracle.impl.kernel.Sighand;
import org.croracle.oracle.trace.Workload;

/**
 * Random trees with random sharing, frozen and checkpointed. host makes objects (files, pipes,
 * sockets, mappings) and starts a container (pid 1 of a new namespace in cgroup "box") that
 * inherits them, sharing its fd table, mm, fs or sighand with host or not (or, with a private fd
 * table, only the write end of a logger's pipe whose read end host keeps); container tasks fork
 * (sharing or copying), open, dup, close, map and write; host may close its copies, so that an
 * object is held from outside or not. Then: freeze, thaw, checkpoint the container or a subtree,
 * or a task checkpoints itself. A code is {@code kind + KINDS * selector}.
 *
 * <p>Every image a checkpoint writes is audited ({@link ImageAudit}): well-formed, every objref
 * defined once and before use, and the same objects, objrefs and shared flags as the call's
 * records that the oracle checked. A bad image throws {@link AssertionError} (a property fails).
 */
public final class SharedObjectsWorkload implements Workload {

    private static final int KINDS = 16;
    private static final int MAX_TASKS = 10;
    public static final String BOX = "box";
    public static final String OTHER = "other";
    private static final String[] PATHS = {"/etc/conf", "/var/log", "/tmp/x"};
    /**
     * A logger's pipe across the container's boundary: host keeps the read end, the container
     * only the write end, so the pipe is held from outside through a file the tree does not have.
     */
    private static final int LOG_READ = 18;
    private static final int LOG_WRITE = 19;

    @Override
    public int codeBound() {
        return KINDS * 512;
    }

    @Override
    public void apply(Kernel k, int code) {
        KernelState s = k.state();
        int kind = code % KINDS;
        int sel = code / KINDS;
        List<Task> live = s.tasks().values().stream().filter(t -> !t.isZombie()).toList();
        List<Task> box = live.stream().filter(t -> t.cgroup().equals(BOX)).toList();
        Task t = pick(live, sel);
        int fd = sel % 6;
        if (box.isEmpty() && kind >= 2 && kind <= 11) {
            kind = 1; // nothing to work on yet: start the container
        }
        switch (kind) {
            case 0 -> hostObjects(k, sel);
            case 1 -> {
                if (box.isEmpty()) {
                    boolean logger = !bit(sel, 1) && bit(sel, 5);
                    if (logger) {
                        k.pipe(k.hostPid(), LOG_READ, LOG_WRITE);
                    }
                    Result<Integer> c = k.fork(k.hostPid(), new ForkOptions(BOX, true, false, bit(sel, 1), bit(sel, 2),
                            bit(sel, 3), bit(sel, 4), false));
                    if (logger && c.isOk()) {
                        k.close(c.value(), LOG_READ);
                        k.close(k.hostPid(), LOG_WRITE);
                    }
                } else {
                    forkInside(k, pick(box, sel), sel, live.size());
                }
            }
            case 2 -> forkInside(k, pick(box, sel), sel, live.size());
            case 3 -> k.open(t.pid(), PATHS[sel % PATHS.length], fd, true, bit(sel, 3));
            case 4 -> k.pipe(t.pid(), fd, fd + 1);
            case 5 -> k.socketpair(t.pid(), fd, fd + 1);
            case 6 -> k.dup(t.pid(), fd, (sel / 6) % 7);
            case 7 -> k.close(t.pid(), closing(sel, fd));
            case 8 -> {
                boolean shared = bit(sel, 2);
                String file = bit(sel, 3) ? PATHS[sel % PATHS.length] : null;
                k.mmap(t.pid(), "m" + (sel % 3), 1 + sel % 4, shared, file);
            }
            case 9 -> writeSomePage(k, t, sel);
            case 10 -> k.sigaction(t.pid(), bit(sel, 1) ? Signal.SIGUSR1 : Signal.SIGTERM,
                    bit(sel, 2) ? Sighand.Disposition.IGNORE : Sighand.Disposition.HANDLE);
            case 11 -> {
                List<Task> zombies = s.tasks().values().stream().filter(Task::isZombie).toList();
                if (!zombies.isEmpty() && bit(sel, 1)) {
                    Task z = pick(zombies, sel);
                    k.wait(z.ppid(), z.pid());
                } else {
                    Task x = pick(box, sel);
                    k.exit(x.pid(), sel % 3);
                }
            }
            case 12 -> {
                if (sel % 4 == 0) {
                    k.freezerWrite(BOX, org.croracle.impl.kernel.FreezerState.THAWED);
                } else {
                    k.freeze(BOX);
                }
            }
            case 13 -> {
                Task root = box.isEmpty() ? t : bit(sel, 1) ? pick(box, sel / 2) : box.get(0);
                checkpoint(k, k.hostPid(), root.pid(), bit(sel, 2) ? CheckpointFlags.SUBTREE : 0);
            }
            case 14 -> checkpoint(k, t.pid(), 0, bit(sel, 1) ? CheckpointFlags.SUBTREE : 0);
            default -> {
                if (!box.isEmpty() && sel % 4 == 0 && live.size() < MAX_TASKS) {
                    // a descendant in another cgroup: the scan's stranger
                    k.fork(pick(box, sel).pid(), new ForkOptions(OTHER, false, false, false, false, false, false, false));
                } else {
                    k.close(k.hostPid(), closing(sel, fd)); // host lets go of what it shared
                }
            }
        }
    }

    /**
     * The fd a close names: one of the task's own (0..5) or, half the time, one of host's objects
     * (10..19), so that host can let go of what it shared, and a container task of one end of a
     * pipe or socket pair host still holds the other end of.
     */
    private static int closing(int sel, int fd) {
        return bit(sel, 5) ? 10 + (sel / 6) % 10 : fd;
    }

    /** host opens a file, a pipe or a socket pair for a container to inherit. */
    private static void hostObjects(Kernel k, int sel) {
        int fd = 10 + sel % 4;
        switch (sel % 3) {
            case 0 -> k.open(k.hostPid(), PATHS[sel % PATHS.length], fd, true, true);
            case 1 -> k.pipe(k.hostPid(), fd, fd + 4);
            default -> k.socketpair(k.hostPid(), fd, fd + 4);
        }
    }

    private static void forkInside(Kernel k, Task parent, int sel, int tasks) {
        if (tasks >= MAX_TASKS) {
            k.exit(parent.pid(), 0);
            return;
        }
        k.fork(parent.pid(), new ForkOptions(null, false, false, bit(sel, 1), bit(sel, 2), bit(sel, 3),
                bit(sel, 4), false));
    }

    private static void writeSomePage(Kernel k, Task t, int sel) {
        Mm mm = k.state().objects().get(t.res().mm(), Mm.class);
        if (mm == null || mm.vmas().isEmpty()) {
            k.mmap(t.pid(), "m0", 2, false, null);
            return;
        }
        List<String> names = new ArrayList<>(mm.vmas().keySet());
        String name = names.get(sel % names.size());
        k.writePage(t.pid(), name, (sel / 3) % mm.vmas().get(name).pages(), sel % 256);
    }

    /** open /ckpt/image, checkpoint(pid, fd, flags, fd), close; then audit the image. */
    static void checkpoint(Kernel k, int caller, int pid, int flags) {
        Task c = k.state().tasks().get(caller);
        if (c == null || c.isZombie()) {
            return;
        }
        FdTable table = k.state().objects().get(c.res().files(), FdTable.class);
        int fd = table == null ? 0 : table.lowestFree();
        if (!k.open(caller, "/ckpt/image", fd, false, true).isOk()) {
            return;
        }
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        CheckpointContext last = k.state().checkpoint();
        Result<Long> r = k.checkpoint(caller, pid, flags, new CheckpointIo(fd, image, fd, line -> { }));
        k.close(caller, fd);
        CheckpointContext made = k.state().checkpoint();
        List<String> problems;
        if (made != last) {
            problems = ImageAudit.audit(image.toByteArray(), made);
        } else if (r.status() == Result.Status.ERROR) {
            problems = ImageAudit.auditRefused(image.toByteArray(), r.errno());
        } else {
            problems = List.of(); // the caller could not run: nothing happened
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("checkpoint(" + pid + ", flags " + flags + ") by " + caller
                    + " wrote a bad image: " + String.join("; ", problems));
        }
    }

    private static boolean bit(int sel, int n) {
        return ((sel >> n) & 1) != 0;
    }

    private static <T> T pick(List<T> l, int sel) {
        return l.get(Math.floorMod(sel * 31 + 7, l.size()));
    }
}
