package org.croracle.impl.kernel;

/** The scheduling state of a task. */
public enum RunState {
    /** Runnable: can make system calls. */
    RUNNING,
    /** TASK_UNINTERRUPTIBLE: blocked in the kernel (a vfork parent, disk I/O); takes no step until woken. */
    DSLEEP,
    /** In the refrigerator of its freezer cgroup; takes no step until thawed. */
    FROZEN,
    /** Exited, holding its pid and exit status until its parent reaps it. */
    ZOMBIE
}
