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
