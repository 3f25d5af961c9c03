package org.croracle.impl.scenario;

import java.util.List;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.Sighand;
import org.croracle.impl.kernel.Signal;

/**
 * What one scenario line means, checked by the parser: a task's operation (its actor is the
 * {@link Statement}'s), a command of the person running the scenario, or an expectation. Labels
 * stay words: a label names a task only once the line runs (a fork may have failed before it).
 */
public sealed interface Op {

    /** A task's operation: a system call made by the line's actor. */
    sealed interface TaskOp extends Op {
    }

    /** A command of the person running the scenario (no actor). */
    sealed interface Command extends Op {
    }

    /** An {@code expect} line: checked against the line before it or the kernel as it is. */
    sealed interface Expect extends Op {
    }

    // ---- task operations ----

    /** {@code fork NEWLABEL [flags] [cgroup=NAME]}. */
    record Fork(String label, ForkOptions options) implements TaskOp {
    }

    /** {@code eclone NEWLABEL pids=P1,P2,... [flags] [cgroup=NAME]}: the child's pid at each level, outermost first. */
    record Eclone(String label, ForkOptions options, List<Integer> pids) implements TaskOp {
        public Eclone {
            pids = List.copyOf(pids);
        }
    }

    /** {@code exit CODE}. */
    record Exit(int code) implements TaskOp {
    }

    /** {@code kill LABEL SIGNAME}. */
    record Kill(String target, Signal signal) implements TaskOp {
    }

    /** {@code wait LABEL}. */
    record Wait(String target) implements TaskOp {
    }

    /** {@code setsid}. */
    record Setsid() implements TaskOp {
    }

    /**
     * {@code setpgid [b [c]]}.
     *
     * @param target the task to move, or null for the caller itself
     * @param group  the task whose pid names the group, or null for the target's own
     */
    record Setpgid(String target, String group) implements TaskOp {
    }

    /** {@code subreaper on|off}. */
    record Subreaper(boolean on) implements TaskOp {
    }

    /** {@code uid N}. */
    record SetUid(int uid) implements TaskOp {
    }

    /** {@code gid N}. */
    record SetGid(int gid) implements TaskOp {
    }

    /** {@code open PATH fd=N flags=r|w|rw}. */
    record Open(String path, int fd, boolean readable, boolean writable) implements TaskOp {
    }

    /** {@code pipe fds=A,B}: A reads, B writes. */
    record Pipe(int readFd, int writeFd) implements TaskOp {
    }

    /** {@code socketpair fds=A,B}. */
    record Socketpair(int fd1, int fd2) implements TaskOp {
    }

    /** {@code dup FD fd=N}. */
    record Dup(int fd, int newFd) implements TaskOp {
    }

    /** {@code getfd LABEL FD fd=N}: open("/proc/PID/fd/FD") of the task at LABEL, installed at fd N. */
    record GetFd(String target, int targetFd, int fd) implements TaskOp {
    }

    /**
     * {@code attach LABEL CGROUP}: echo PID > CGROUP/cgroup.procs, the pid being the task at
     * LABEL's: its thread group moves to the freezer cgroup.
     */
    record Attach(String target, String cgroup) implements TaskOp {
    }

    /** {@code close FD}. */
    record Close(int fd) implements TaskOp {
    }

    /** {@code seek FD OFFSET}. */
    record Seek(int fd, long offset) implements TaskOp {
    }

    /** {@code cloexec FD on|off}. */
    record Cloexec(int fd, boolean on) implements TaskOp {
    }

    /** {@code send FD TEXT}: the text is the rest of the line, spaces between words kept as one. */
    record Send(int fd, String text) implements TaskOp {
    }

    /** {@code recv FD N}. */
    record Recv(int fd, int count) implements TaskOp {
    }

    /**
     * {@code mmap NAME pages=N private|shared [file=PATH]}.
     *
     * @param file the file the mapping shows, or null for anonymous memory
     */
    record Mmap(String name, int pages, boolean shared, String file) implements TaskOp {
    }

    /** {@code write NAME page=P byte=B}. */
    record WritePage(String name, int page, int value) implements TaskOp {
    }

    /** {@code fill NAME byte=B}. */
    record Fill(String name, int value) implements TaskOp {
    }

    /** {@code sigaction SIGNAME handle|ignore|default}. */
    record Sigaction(Signal signal, Sighand.Disposition disposition) implements TaskOp {
    }

    /** {@code sigmask block|unblock SIGNAME}. */
    record Sigmask(boolean block, Signal signal) implements TaskOp {
    }

    /** {@code checkpoint self image=NAME [subtree]}: a task checkpoints itself with the checkpoint tool. */
    record CheckpointSelf(String image, boolean subtree) implements TaskOp {
    }

    // ---- commands ----

    /** {@code freeze CGROUP}. */
    record Freeze(String cgroup) implements Command {
    }

    /** {@code thaw CGROUP}. */
    record Thaw(String cgroup) implements Command {
    }

    /** {@code destroy CGROUP}: kill every task of the cgroup, thaw it and reap them all. */
    record Destroy(String cgroup) implements Command {
    }

    /** {@code sysctl ckpt_unpriv_allowed=N}. */
    record Sysctl(int ckptUnprivAllowed) implements Command {
    }

    /**
     * {@code checkpoint LABEL image=NAME [subtree] [by=LABEL]}.
     *
     * @param by the task that runs the checkpoint tool, or null for host
     */
    record Checkpoint(String target, String image, boolean subtree, String by) implements Command {
    }

    /**
     * {@code checkpoint-start LABEL image=NAME [subtree] [by=LABEL]}: the checkpoint tool enters
     * checkpoint() and makes only its first step; later lines run between its steps.
     */
    record CheckpointStart(String target, String image, boolean subtree, String by) implements Command {
    }

    /**
     * {@code checkpoint-step [until=POINT]}: the checkpoint in progress makes its next step, or
     * steps until it reaches POINT (see {@link ScenarioParser#CHECKPOINT_POINTS}) or returns.
     */
    record CheckpointStep(String until) implements Command {
    }

    /** {@code checkpoint-wait}: the checkpoint in progress runs to its end; the line's outcome is checkpoint()'s. */
    record CheckpointWait() implements Command {
    }

    /**
     * {@code restart NAME as=PREFIX [frozen] [self] [by=LABEL] [file=PATH]}.
     *
     * @param by   the task that runs the restart tool, or null for host
     * @param file an image file to restart (relative to the scenario's folder), kept as NAME, or
     *             null for the image the scenario's own checkpoint NAME made
     */
    record Restart(String image, String prefix, boolean frozen, boolean self, String by, String file) implements Command {
        public Restart(String image, String prefix, boolean frozen, boolean self, String by) {
            this(image, prefix, frozen, self, by, null);
        }
    }

    /** {@code corrupt NAME offset=N byte=B}: overwrites one byte of a kept image. */
    record Corrupt(String image, int offset, int value) implements Command {
    }

    /** {@code truncate NAME bytes=N}: cuts a kept image to its first N bytes. */
    record Truncate(String image, int bytes) implements Command {
    }

    /** {@code inject ERRNO at=STEP}: the next restart fails with ERRNO at its named step (fault injection). */
    record Inject(Errno errno, String step) implements Command {
    }

    /** {@code freezer-write CGROUP FROZEN|THAWED}: writes freezer.state and returns, without waiting for the refrigerator. */
    record FreezerWrite(String cgroup, boolean frozen) implements Command {
    }

    /** {@code refrigerate LABEL}: the task, with a freeze pending, enters the refrigerator. */
    record Refrigerate(String label) implements Command {
    }

    // ---- expectations ----

    /** {@code expect ok}: the line before succeeded. */
    record ExpectOk() implements Expect {
    }

    /** {@code expect ERRNO}: the line before failed with this errno. */
    record ExpectErrno(Errno errno) implements Expect {
    }

    /**
     * {@code expect busy REASON}: the line before (a checkpoint) failed with EBUSY for this
     * reason: freezer, stranger, changed, leak, reverse, unvisited.
     */
    record ExpectBusy(String reason) implements Expect {
    }

    /** {@code expect clean}: the kernel keeps every invariant. */
    record ExpectClean() implements Expect {
    }

    /** {@code expect undone}: the last restart left nothing: the tasks, pids, objects, files and cgroups of before it. */
    record ExpectUndone() implements Expect {
    }

    /** {@code expect freezer CGROUP STATE}: the cgroup's freezer state, as the kernel holds it (no read that settles it). */
    record ExpectFreezer(String cgroup, org.croracle.impl.kernel.FreezerState state) implements Expect {
    }

    /** {@code expect same LABEL PREFIX/LABEL}: the tree at the label when checkpointed equals the restored one. */
    record ExpectSame(String saved, String restored) implements Expect {
    }

    /**
     * {@code expect pid LABEL N}: the task's pid in its own namespace.
     *
     * @param written N as the line writes it (a failure quotes it so)
     */
    record ExpectPid(String label, int pid, String written) implements Expect {
    }

    /** {@code expect ppid|sid|pgid LABEL LABEL}: which task the first one's parent, session or group is. */
    record ExpectRelation(Relation relation, String label, String other) implements Expect {
    }

    /** What {@link ExpectRelation} compares. */
    enum Relation {
        PPID, SID, PGID;

        /** The word a scenario writes. */
        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * {@code expect zombie LABEL CODE|SIGNAME}.
     *
     * @param status the status as the line writes it (a failure quotes it so)
     * @param signal the signal that killed it, or null when the status is an exit code
     * @param code   the exit code (when {@code signal} is null)
     */
    record ExpectZombie(String label, String status, Signal signal, int code) implements Expect {
    }
}
