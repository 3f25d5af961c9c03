package org.croracle.oracle.linux;

import java.nio.file.Files;

/** Why a snapshot of a live tree cannot be tested here (null if it can): it needs root, bash and the v1 freezer. */
final class LiveSnapshotHere {
    private LiveSnapshotHere() {}

    static String reason() {
        if (LiveSnapshot.effectiveUid() != 0) {
            return "not root (kcmp(2) and other processes' /proc/PID/fd need it)";
        }
        if (!Files.isDirectory(LiveSnapshot.FREEZER)) {
            return "no cgroup v1 freezer at " + LiveSnapshot.FREEZER;
        }
        if (!Files.isExecutable(java.nio.file.Path.of("/bin/bash"))) {
            return "no /bin/bash to build a tree with";
        }
        return null;
    }
}
