package org.croracle.oracle.mutants;

import org.croracle.impl.syscall.KernelConfig;

/**
 * Semantic mutants: small, deliberate departures from Linux's semantics that a test plants in a
 * kernel to show that an oracle notices them. Each names the rule it breaks, and {@link #plant}
 * builds the kernel configuration that carries it: the simulated kernel's code knows nothing of
 * them, each is a broken strategy put where the Linux one would be (as a broken freezer is).
 */
public enum Mutant {
    /**
     * setsid checks only whether the caller leads its own process group, not whether a group whose
     * id is the caller's pid still has members after the caller moved to another group (Linux:
     * {@code pid_task(sid, PIDTYPE_PGID)} finds any member).
     */
    SETSID_IGNORES_LEFT_GROUP,

    /**
     * checkpoint's leak check (ckpt_obj_contained) skips pipes: a pipe that a task outside the
     * tree still holds is written to the image as if the tree owned it (SharedObjects.tla:
     * LeakFound must fire for every kind of object the tree reaches).
     */
    LEAK_CHECK_IGNORES_PIPES,

    /**
     * alloc_pid does not roll back: when a level's pid cannot be had (EBUSY, EINVAL, EAGAIN), the
     * pids already taken at the levels before it stay allocated (Linux frees them on its
     * out_free path; Eclone.tla: CloneFail leaves the pidmaps unchanged).
     */
    ECLONE_NO_ROLLBACK,

    /**
     * restart's planner forgets rule R2: a child born before its parent's setsid (so in the
     * parent's old session) is created after the setsid, and lands in the parent's new session
     * (Restart.tla: the early creations come before the creator's SetSid).
     */
    PLANNER_FORGETS_BORN_BEFORE_SETSID,

    /**
     * restart lets the tasks run (and returns success) before it has read and checked the image's
     * TAIL: an image cut short after its last task, or whose checksum does not match, is restored
     * (linux-cr reads the tail in the coordinator before it wakes the tasks; a bad one is EINVAL
     * and the restart is undone).
     */
    RESTART_RESUMES_BEFORE_TAIL,

    /**
     * restart's ghosts and keepers exit as soon as the tree is built, before the tasks restore
     * (linux-cr's do_ghost_task waits until every task is restored; Restart.tla:
     * GhostsOutliveRestore). The restored tree is the same: only a check of the restart's steps
     * sees it.
     */
    GHOSTS_EXIT_BEFORE_RESTORE,

    /**
     * checkpoint's dump writes an object that collect never saw instead of failing with EBUSY
     * "reverse leak": a file a task outside the container put into a table the tree shares after
     * collect walked it is written without ever being leak-checked (ConcurrentCheckpoint.tla:
     * bugs/NoReverseLeakCheck, rejected by ImageIsContained).
     */
    REVERSE_LEAK_UNCHECKED,

    /**
     * checkpoint's second walk of the tree is not compared with the first ("the tree changed",
     * EBUSY). An equivalent mutant: both walks follow the freezer gate, and nothing in a
     * CHECKPOINTING cgroup forks, exits or moves, so the two walks always agree and this kernel
     * behaves as linux-cr's in every race (TLC: ScanChanged is unreachable in
     * ConcurrentCheckpoint.tla's models). No oracle can catch it; it stays to show that.
     */
    TREE_RECOUNT_SKIPPED,

    /**
     * linux-cr as written: a task outside the container may open /proc/PID/fd/N of a task a
     * checkpoint holds. A reference taken after the leak check goes into the container's image
     * unseen by every check (ConcurrentCheckpoint.tla: bugs/ProcFdDuringDump, ImageIsContained).
     */
    PROC_FD_DURING_CHECKPOINT,

    /**
     * restart reads a zombie killed by a signal as one that exited normally: its exit signal is
     * lost and the restored zombie's wait status is an exit code (linux-cr restores exit_signal and
     * exit_code both).
     */
    ZOMBIE_SIGNAL_LOST,

    /** restart installs every fd without FD_CLOEXEC (restore_fd_table must set close_on_exec as saved). */
    CLOEXEC_DROPPED_ON_RESTORE,

    /** restart opens every file description at offset 0 (restore_file must set f_pos as saved). */
    OFFSET_NOT_RESTORED,

    /** restart leaves every task with the restarting caller's uid (restore_creds must set the saved one). */
    UID_NOT_RESTORED,

    /**
     * restart reads the tgid of every task below the root as its own pid: each thread comes back as
     * a process of its own, its leader's sibling, instead of being created by its leader with CLONE_THREAD (user-cr's
     * TASK_THREAD). Parents, sessions and groups are the same: only the thread groups differ.
     */
    THREAD_RESTORED_AS_PROCESS,

    /** A restart that fails after it has created tasks leaves its freezer cgroup behind (all or nothing). */
    FAILED_RESTART_KEEPS_CGROUP,

    /**
     * checkpoint's freezer gate takes a FREEZING cgroup whose tasks have not all reached the
     * refrigerator (cgroup_freezer_begin_checkpoint must answer EBUSY).
     */
    CHECKPOINT_TAKES_FREEZING_CGROUP,

    /** restart's sysctl gate lets an unprivileged caller in at ckpt_unpriv_allowed 1 (it needs 2). */
    UNPRIV_RESTART_AT_ONE,

    /** RESTART_TASKSELF by an unprivileged caller compares the image's uid with its own, not the gid. */
    TASKSELF_IGNORES_GID,

    /**
     * A namespace's init may be killed from inside its namespace: SIGKILL and SIGSTOP are forced on
     * it whoever sends them (Linux: only from an ancestor namespace; its own tasks' signals are
     * dropped unless it has a handler, SIGNAL_UNKILLABLE; Eclone.tla: InitKilledOnlyFromAbove).
     */
    INIT_KILLABLE_FROM_INSIDE,

    /**
     * restart gives two tasks separate fd tables where the image shares one: restore_task makes
     * every fd table anew instead of fetching it from the restart's objhash (linux-cr's
     * ckpt_obj_fetch; Restart.tla: RestoredObjectsAsImaged). The tree and each task's fds are the
     * same: only a check of what each task holds, by objref, sees it.
     */
    RESTORE_SPLITS_SHARED_FD_TABLE,

    /**
     * echo PID > cgroup.procs moves a task out of a FREEZING, FROZEN or CHECKPOINTING cgroup:
     * freezer_can_attach checks the destination only, not the cgroup the task leaves (linux-cr:
     * anything frozen can't move or be moved to/from; Freeze.tla: Detach only from a THAWED
     * cgroup; ConcurrentCheckpoint.tla: Leave only if MayMoveFrom).
     */
    FROZEN_TASK_LEAVES_ITS_CGROUP;

    /** The configuration {@code config} with this mutant planted in it. */
    public KernelConfig plant(KernelConfig config) {
        return switch (this) {
            case SETSID_IGNORES_LEFT_GROUP -> config.withSessionRules(new SetsidIgnoresLeftGroup());
            case LEAK_CHECK_IGNORES_PIPES -> config.withLeakCheck(new LeakCheckIgnoresPipes());
            case REVERSE_LEAK_UNCHECKED -> config.withLeakCheck(new ReverseLeakUnchecked());
            case TREE_RECOUNT_SKIPPED -> config.withLeakCheck(new TreeRecountSkipped());
            case PROC_FD_DURING_CHECKPOINT -> config.withFreezer(new ProcFdIgnoresCheckpoint());
            case ECLONE_NO_ROLLBACK -> config.withAllocPid(new AllocPidWithoutRollback());
            case PLANNER_FORGETS_BORN_BEFORE_SETSID -> config.withBirthOrder(new BirthsAfterSetsid());
            case RESTART_RESUMES_BEFORE_TAIL -> config.withTailCheck(new ResumeBeforeTail());
            case GHOSTS_EXIT_BEFORE_RESTORE -> config.withRestartPhases(new GhostsExitBeforeRestore());
            case ZOMBIE_SIGNAL_LOST -> config.withRecordRestore(LosesOnRestore.zombieSignal());
            case CLOEXEC_DROPPED_ON_RESTORE -> config.withRecordRestore(LosesOnRestore.cloexec());
            case OFFSET_NOT_RESTORED -> config.withRecordRestore(LosesOnRestore.offset());
            case UID_NOT_RESTORED -> config.withRecordRestore(LosesOnRestore.uid());
            case THREAD_RESTORED_AS_PROCESS -> config.withRecordRestore(LosesOnRestore.tgid());
            case FAILED_RESTART_KEEPS_CGROUP -> config.withRestartUndo(new KeepsItsCgroup());
            case CHECKPOINT_TAKES_FREEZING_CGROUP -> config.withFreezer(new TakesFreezingCgroup());
            case UNPRIV_RESTART_AT_ONE -> config.withRestartPermission(LaxRestartPermission.gateAtOne());
            case TASKSELF_IGNORES_GID -> config.withRestartPermission(LaxRestartPermission.uidOnly());
            case INIT_KILLABLE_FROM_INSIDE -> config.withInitProtection(new InitKillableFromInside());
            case RESTORE_SPLITS_SHARED_FD_TABLE -> config.withObjhashLookup(new FdTableNotLookedUp());
            case FROZEN_TASK_LEAVES_ITS_CGROUP -> config.withFreezer(new LeavesFrozenCgroup());
        };
    }
}
