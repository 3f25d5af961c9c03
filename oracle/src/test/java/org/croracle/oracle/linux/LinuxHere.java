package org.croracle.oracle.linux;

import org.junit.jupiter.api.Assumptions;

/** Whether this machine can run the Linux comparison; tests that need it are skipped, with the reason printed, if not. */
final class LinuxHere {
    private static final String REASON = LinuxDifferential.unavailableReason();

    private LinuxHere() {}

    static void assume() {
        if (REASON != null) {
            System.out.println("[linux] skipped: " + REASON);
        }
        Assumptions.assumeTrue(REASON == null, () -> "the Linux comparison cannot run here: " + REASON);
    }
}
