package org.croracle.oracle.concurrentcheckpoint;

import java.io.ByteArrayOutputStream;
import java.util.Comparator;
import java.util.List;

import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.CheckpointPhase;
import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.syscall.Kernel;
import org.croracle.oracle.trace.Workload;

/**
 * Container checkpoints racing the world outside the container, as kernel calls: the first code
 * builds the world (host forks p; p may open a file; p forks the container's init into cgroup
 * "box", sharing p's fd table or copying it; init forks a, sharing or copying; a may open a file;
 * the cgroup is frozen), every later code is one event: a step of the checkpoint in progress (or
 * host starting one on init), rarely its wait, a call of an outside task (open, close, fork with
 * or without CLONE_FILES, open of a container task's /proc/PID/fd, and once the call has
 * collected the root, exit or a daemon's fork-and-exit), a write of the cgroup's freezer.state,
 * a fork, an open or a close by a container task (refused while it is frozen), or host moving a
 * container task out of its cgroup or back (cgroup.procs; refused unless both are THAWED). While the call
 * races, the outside task that acts is one that shares a container task's fd table, if any. A
 * code is {@code kind + KINDS * selector}.
 *
 * <p>The events keep off what ConcurrentCheckpoint.tla does not describe: a table never holds one
 * file at two fds (no dup; an open or a /proc/PID/fd open takes the caller's lowest free fd, and
 * the latter is skipped when the caller's table holds the file already), since the spec's holders
 * hold an object at most once while linux-cr counts each fd; and a container task never exits.
 *
 * <p>Random races reach every verdict but "not visited" (counts that match by coincidence need
 * three calls of the sharer between collect and the leak check; examples/race-not-visited.crs
 * plays it) and the scans' refusals (unreachable while the freezer holds the tree). The reverse
 * leak is rare (about one trace in a hundred).
 */
public final class ConcurrentCheckpointWorkload implements Workload {

    private static final int KINDS = 13;
    private static final int MAX_TASKS = 10;
    static final String BOX = "box";
    /** Where host moves tasks of the container out to (they do nothing there until moved back). */
    private static final String AWAY = "away";

    @Override
    public int codeBound() {
        return KINDS * 256;
    }

    @Override
    public void apply(Kernel k, int code) {
        int kind = code % KINDS;
        int sel = code / KINDS;
        KernelState s = k.state();
        List<Task> tree = live(s).stream().filter(t -> t.cgroup().equals(BOX)).toList();
        if (tree.isEmpty()) {
            world(k, sel);
            return;
        }
        List<Task> outside = live(s).stream()
                .filter(t -> !t.cgroup().equals(BOX) && !t.cgroup().equals(AWAY) && t.pid() != k.hostPid()).toList();
        boolean room = live(s).size() < MAX_TASKS;
        // while a call is racing, the outside task that acts is one that shares a container
        // task's fd table, if one does: its calls change what collect counted
        List<Task> sharers = outside.stream()
                .filter(o -> tree.stream().anyMatch(t -> t.res().files() == o.res().files())).toList();
        List<Task> actors = racing(s) && !sharers.isEmpty() ? sharers : outside;
        switch (kind) {
            case 0, 1 -> step(k, tree.get(0).pid(), sel);
            case 2 -> {
                if (sel % 4 == 0 && k.checkpointInProgress()) {
                    k.checkpointWait(); // rarely: the races happen between the call's steps
                } else if (!outside.isEmpty()) {
                    close(k, actor(actors, sel).pid(), sel);
                }
            }
            case 3 -> {
                if (racing(s)) {
                    letGo(k, sharers, outside, sel, room);
                } else if (room && !outside.isEmpty()) {
                    k.fork(actor(actors, sel).pid(), ForkOptions.PLAIN);
                }
            }
            case 4 -> {
                if (!outside.isEmpty()) {
                    open(k, actor(actors, sel).pid(), sel);
                }
            }
            case 5 -> {
                if (!outside.isEmpty()) {
                    close(k, actor(actors, sel).pid(), sel);
                }
            }
            case 6 -> {
                if (room) {
                    // rarely with CLONE_FILES: a second outside sharer of the tree's table makes
                    // every later leak check fail, whatever else races
                    int parent = outside.isEmpty() ? k.hostPid() : actor(actors, sel).pid();
                    k.fork(parent, new ForkOptions(null, false, false, sel % 4 == 0, false, false, false, false));
                }
            }
            case 7 -> {
                if (racing(s)) {
                    letGo(k, sharers, outside, sel, room);
                } else if (!outside.isEmpty()) {
                    // an exit before the collect only makes the call see a smaller world
                    close(k, actor(actors, sel).pid(), sel);
                }
            }
            case 8 -> {
                if (sel % 4 == 0) { // rarely: a thawed cgroup only makes the gate refuse
                    k.freezerWrite(BOX, FreezerState.THAWED);
                } else {
                    k.freeze(BOX);
                }
            }
            case 9 -> {
                if (room) {
                    k.fork(pick(tree, sel).pid(), new ForkOptions(null, false, false, bit(sel, 3), false, false, false, false));
                }
            }
            case 10 -> {
                if (!outside.isEmpty()) {
                    procFd(k, actor(actors, sel).pid(), pick(tree, sel / 2).pid(), sel);
                }
            }
            case 12 -> {
                // host writes a container task's pid to cgroup.procs: out of the container's
                // cgroup (never its init) or back into it; EBUSY unless both are THAWED
                List<Task> away = live(s).stream().filter(t -> t.cgroup().equals(AWAY)).toList();
                if (bit(sel, 0) && !away.isEmpty()) {
                    k.attach(k.hostPid(), pick(away, sel / 2).pid(), BOX);
                } else if (tree.size() > 1) {
                    k.attach(k.hostPid(), pick(tree.subList(1, tree.size()), sel / 2).pid(), AWAY);
                }
            }
            default -> {
                Task t = pick(tree, sel);
                if (bit(sel, 3)) {
                    close(k, t.pid(), sel);
                } else {
                    open(k, t.pid(), sel);
                }
            }
        }
    }

    /** The world before the first checkpoint: p outside, the container's init and a inside, frozen. */
    private static void world(Kernel k, int sel) {
        Result<Integer> p = k.fork(k.hostPid(), ForkOptions.PLAIN);
        if (!p.isOk()) {
            return;
        }
        if (bit(sel, 0)) {
            k.open(p.value(), "/tmp/p0", 3, true, true);
        }
        Result<Integer> init = k.fork(p.value(), new ForkOptions(BOX, true, false, bit(sel, 1), false, false, false, false));
        if (!init.isOk()) {
            return;
        }
        Result<Integer> a = k.fork(init.value(), new ForkOptions(null, false, false, bit(sel, 2), false, false, false, false));
        if (a.isOk() && bit(sel, 3)) {
            k.open(a.value(), "/tmp/a0", 4, true, true);
        }
        k.freeze(BOX);
    }

    /**
     * An outside task exits, most often one that shares a container task's fd table (so that the
     * leak check may pass on counts collect took before); half the time it first forks a child
     * that keeps a copy of its table (a daemon's double fork).
     */
    private static void letGo(Kernel k, List<Task> sharers, List<Task> outside, int sel, boolean room) {
        if (outside.isEmpty()) {
            return;
        }
        Task p = !sharers.isEmpty() ? pick(sharers, sel) : pick(outside, sel);
        if (bit(sel, 3) && room) {
            k.fork(p.pid(), ForkOptions.PLAIN);
        }
        k.exit(p.pid(), 0);
    }

    /** Whether a checkpoint in progress has collected the root or is dumping: what it counted can go stale. */
    private static boolean racing(KernelState s) {
        CheckpointContext c = s.checkpoint();
        return c != null && c.active()
                && (c.phase() == CheckpointPhase.SCANNED && c.cursor() > 1 || c.phase() == CheckpointPhase.DUMPING);
    }

    /** The next step of the checkpoint in progress, or host starts one of the container. */
    private static void step(Kernel k, int root, int sel) {
        if (k.checkpointInProgress()) {
            k.checkpointStep();
            return;
        }
        int host = k.hostPid();
        int fd = lowestFree(k.state(), host);
        if (k.open(host, "/ckpt/image" + sel % 4, fd, false, true).isOk()) {
            k.checkpointStart(host, root, 0, new CheckpointIo(fd, new ByteArrayOutputStream(), fd, line -> { }));
        }
    }

    /** A new file at the task's lowest free fd (a new struct file: no table holds it yet). */
    private static void open(Kernel k, int pid, int sel) {
        k.open(pid, "/tmp/g" + sel % 3, lowestFree(k.state(), pid), true, true);
    }

    /** close of one of the task's open fds. */
    private static void close(Kernel k, int pid, int sel) {
        FdTable t = table(k.state(), pid);
        if (t != null && !t.fds().isEmpty()) {
            List<Integer> fds = List.copyOf(t.fds().keySet());
            k.close(pid, fds.get(Math.floorMod(sel / 2, fds.size())));
        }
    }

    /**
     * p opens /proc/T/fd/N of container task t at its lowest free fd, unless p's table holds that
     * file already (two fds of one file in one table are outside the spec).
     */
    private static void procFd(Kernel k, int p, int t, int sel) {
        FdTable theirs = table(k.state(), t);
        if (theirs == null || theirs.fds().isEmpty()) {
            return;
        }
        List<Integer> fds = List.copyOf(theirs.fds().keySet());
        int fd = fds.get(Math.floorMod(sel, fds.size()));
        FdTable mine = table(k.state(), p);
        if (mine == null || mine.references().contains(theirs.fds().get(fd).file())) {
            return;
        }
        k.getfd(p, t, fd, mine.lowestFree());
    }

    private static FdTable table(KernelState s, int pid) {
        Task t = s.tasks().get(pid);
        return t == null || t.res().files() == 0 ? null : s.objects().get(t.res().files(), FdTable.class);
    }

    private static int lowestFree(KernelState s, int pid) {
        FdTable t = table(s, pid);
        return t == null ? 0 : t.lowestFree();
    }

    private static List<Task> live(KernelState s) {
        return s.tasks().values().stream().filter(t -> !t.isZombie()).sorted(Comparator.comparingInt(Task::pid)).toList();
    }

    /**
     * The outside task that acts: half the time the oldest (p, whose table the container may
     * share), so that its calls fall between the call's steps often enough to race.
     */
    private static Task actor(List<Task> outside, int sel) {
        return bit(sel, 4) ? outside.get(0) : pick(outside, sel);
    }

    private static boolean bit(int sel, int n) {
        return ((sel >> n) & 1) != 0;
    }

    private static <T> T pick(List<T> l, int sel) {
        return l.get(Math.floorMod(sel * 31 + 7, l.size()));
    }
}
