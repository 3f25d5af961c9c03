package org.croracle.impl.kernel;

import org.croracle.impl.freezer.Freezer;
import org.croracle.impl.freezer.LinuxFreezer;
import org.croracle.impl.pid.PidAllocator;

/**
 * How to build a kernel.
 *
 * @param pidMax  /proc/sys/kernel/pid_max of the root namespace (at least 301, like Linux's PID_MAX_MIN)
 * @param freezer the freezer subsystem (tests substitute a broken one)
 */
public record KernelConfig(int pidMax, Freezer freezer) {

    public KernelConfig {
        if (pidMax <= PidAllocator.RESERVED_PIDS) {
            throw new IllegalArgumentException("pid_max must be above " + PidAllocator.RESERVED_PIDS + ": " + pidMax);
        }
    }

    public static KernelConfig defaults() {
        return new KernelConfig(PidAllocator.DEFAULT_PID_MAX, new LinuxFreezer());
    }

    public KernelConfig withFreezer(Freezer other) {
        return new KernelConfig(pidMax, other);
    }
}
