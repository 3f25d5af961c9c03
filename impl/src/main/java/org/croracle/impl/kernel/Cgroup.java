package org.croracle.impl.kernel;

/**
 * A freezer cgroup.
 *
 * @param name        its name ("/" for the root cgroup)
 * @param state       freezer.state
 * @param checkpoints checkpoints currently holding it in CHECKPOINTING
 */
public record Cgroup(String name, FreezerState state, int checkpoints) {

    public static final String ROOT = "/";

    public static Cgroup create(String name) {
        return new Cgroup(name, FreezerState.THAWED, 0);
    }

    public boolean isRoot() {
        return ROOT.equals(name);
    }

    public Cgroup withState(FreezerState newState) {
        return new Cgroup(name, newState, checkpoints);
    }

    public Cgroup withCheckpoints(int n) {
        return new Cgroup(name, state, n);
    }
}
