package org.croracle.impl.kernel;

/**
 * The clone flags the kernel models.
 *
 * @param cgroup  the freezer cgroup the child joins (created THAWED if it does not exist), or null
 *                for the parent's cgroup
 * @param newPid  CLONE_NEWPID: the child is pid 1 of a new PID namespace one level down
 * @param parent  CLONE_PARENT: the child is the caller's sibling (its parent is the caller's parent)
 * @param files   CLONE_FILES: share the fd table (else the child gets a copy)
 * @param vm      CLONE_VM: share the address space (else a copy: private pages copied, shared ones shared)
 * @param fs      CLONE_FS: share the current directory
 * @param sighand CLONE_SIGHAND: share the signal dispositions (needs CLONE_VM)
 * @param thread  CLONE_THREAD: the child joins the caller's thread group (needs CLONE_SIGHAND)
 */
public record ForkOptions(String cgroup, boolean newPid, boolean parent, boolean files, boolean vm, boolean fs,
                          boolean sighand, boolean thread) {

    public static final ForkOptions PLAIN = new ForkOptions(null, false, false);
    public static final ForkOptions NEWPID = new ForkOptions(null, true, false);

    public ForkOptions(String cgroup, boolean newPid, boolean parent) {
        this(cgroup, newPid, parent, false, false, false, false, false);
    }

    public static ForkOptions intoCgroup(String cgroup) {
        return new ForkOptions(cgroup, false, false);
    }
}
