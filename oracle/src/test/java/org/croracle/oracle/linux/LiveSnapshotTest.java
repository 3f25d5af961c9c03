package org.croracle.oracle.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A snapshot of a tree the shell built: its leaks, its plan, its skeleton restarted on Linux. */
class LiveSnapshotTest {

    @BeforeEach
    void needLinux() {
        LinuxHere.assume();
    }

    @Test
    void aShellTreeIsSnapshottedItsOutsidePipeEndReportedAndItsSkeletonRestartedEqual() throws Exception {
        try (ForeignTree tree = ForeignTree.start()) {
            List<Integer> pids = tree.pids();
            LiveSnapshot.Outcome o = LiveSnapshot.take(tree.root, LiveSnapshot.Freeze.NEW_CGROUP, 5000);
            assertTrue(o.ok(), o.error() + "\n" + String.join("\n", o.log()));
            System.out.println(String.join("\n", o.log()));
            try (CrLinux linux = CrLinux.start(Duration.ofSeconds(5))) {
                LinuxRestart.SkeletonOutcome s = LinuxRestart.skeleton(linux, o.image());
                System.out.println(s);
                assertTrue(s.equal(), String.valueOf(s));
            }
        }
    }
}
