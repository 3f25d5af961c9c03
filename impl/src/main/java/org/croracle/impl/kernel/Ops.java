package org.croracle.impl.kernel;


/** The names under which kernel steps are recorded (Step.op); the oracle's bindings map them to spec actions. */
public final class Ops {
    private Ops() {}

    public static final String FORK = "fork";
    public static final String ECLONE = "eclone";
    public static final String SETUID = "setuid";
    public static final String SETGID = "setgid";
    public static final String SETSID = "setsid";
    public static final String SETPGID = "setpgid";
    /**
     * restore_task's in-kernel pgid restore (linux-cr V20-73): like setpgid(0, pgid) by the task,
     * but the group is named by its pid in the restart's container namespace, not looked up in the
     * task's own namespace.
     */
    public static final String RESTORE_PGID = "restore_pgid";
    public static final String SUBREAPER = "subreaper";
    public static final String KILL = "kill";
    public static final String OPEN = "open";
    public static final String PIPE = "pipe";
    public static final String SOCKETPAIR = "socketpair";
    public static final String DUP = "dup";
    /** open("/proc/PID/fd/N") (or pidfd_getfd): the caller's own reference to another task's open file. */
    public static final String GETFD = "getfd";
    public static final String CLOSE = "close";
    public static final String SEEK = "seek";
    public static final String CLOEXEC = "cloexec";
    public static final String SEND = "send";
    public static final String RECV = "recv";
    public static final String MMAP = "mmap";
    public static final String WRITE_PAGE = "write";
    public static final String FILL = "fill";
    public static final String SIGACTION = "sigaction";
    public static final String SIGMASK = "sigmask";
    /** A task running again takes a fatal signal sent while it was frozen or asleep. */
    public static final String SIGNAL_DELIVERY = "signal_delivery";
    public static final String EXIT = "exit";
    public static final String WAIT = "wait";
    public static final String GETPPID = "getppid";
    public static final String SLEEP_BEGIN = "sleep_begin";
    public static final String SLEEP_END = "sleep_end";
    public static final String REFRIGERATE = "refrigerate";
    /**
     * echo PID > CGROUP/cgroup.procs (args: target, cgroup): the target's whole thread group moves
     * to the freezer cgroup.
     */
    public static final String ATTACH = "attach";
    public static final String FREEZER_WRITE = "freezer_write";
    public static final String FREEZER_READ = "freezer_read";
    public static final String FREEZER_BEGIN_CHECKPOINT = "freezer_begin_checkpoint";
    public static final String FREEZER_END_CHECKPOINT = "freezer_end_checkpoint";

    /** A write to /proc/sys (args: name, value); kernel.ckpt_unpriv_allowed is the one the kernel has. */
    public static final String SYSCTL = "sysctl";

    /** checkpoint(): the system call's entry (ckpt_ctx_alloc); the steps below follow it. */
    public static final String CHECKPOINT = "checkpoint";
    /** A self checkpoint's begin when no freezer cgroup is involved. */
    public static final String CKPT_BEGIN = "ckpt_begin";
    /** build_tree's first walk: may_checkpoint_task on every task, and the count. */
    public static final String CKPT_COUNT = "ckpt_count";
    /** build_tree's second walk: the array filled, its count compared with the first. */
    public static final String CKPT_SCAN = "ckpt_scan";
    public static final String CKPT_COLLECT = "ckpt_collect";
    public static final String CKPT_LEAK_CHECK = "ckpt_leak_check";
    public static final String CKPT_DUMP_TASK = "ckpt_dump_task";
    /** ckpt_obj_visited: every collected object met by the dump as collect counted it. */
    public static final String CKPT_VISIT_CHECK = "ckpt_visit_check";
    public static final String CKPT_TAIL = "ckpt_tail";
    /** The end of a call that did not take a freezer cgroup. */
    public static final String CKPT_END = "ckpt_end";

    /** restart(): the call's entry (flags, privilege, fd, the image read and planned); the steps below follow. */
    public static final String RESTART = "restart";
    /** restore_task: a restarting task rebuilds its own state from the image when its turn comes. */
    public static final String RESTORE_TASK = "restore_task";
    /** A task that was a zombie in the image exits with its saved status when its turn comes. */
    public static final String RESTORE_EXIT = "restore_exit";
    /** do_restore_coord: every task of the restart exists; the coordinator activates the first one to restore. */
    public static final String RESTORE_BEGIN = "restore_begin";
    /** ckpt_set_success: every task is restored; the coordinator wakes them all (the restart succeeds). */
    public static final String RESTART_RESUME = "restart_resume";
    /** ckpt_set_error by a fault a test injected into the restart (KernelConfig.RestartFaults); nothing changes. */
    public static final String RESTART_FAULT = "restart_fault";
}
