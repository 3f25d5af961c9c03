package org.croracle.impl.kernel;

/** Why a checkpoint failed after its context was made (SharedObjects.tla's error). */
public enum CheckpointError {
    NONE("none"),
    /** The root's freezer cgroup is not FROZEN (or another checkpoint holds it). */
    FREEZER("freezer"),
    /** A task of the tree the freezer does not hold. */
    STRANGER("stranger"),
    /** An object of the tree is also held from outside it ("usage leak"). */
    LEAK("leak"),
    /** The second scan of the tree found another number of tasks than the first ("the tree changed"). */
    CHANGED("changed"),
    /** The dump met an object collect never saw: it appeared while the call ran ("reverse leak"). */
    REVERSE("reverse"),
    /**
     * The dump did not meet a collected object as many times as collect counted it: a reference
     * went away while the call ran ("leak: not visited").
     */
    UNVISITED("unvisited"),
    /** Writing the image failed (the stream behind fd); not in the spec: the oracle never sees it. */
    IO("io");

    private final String specName;

    CheckpointError(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }
}
