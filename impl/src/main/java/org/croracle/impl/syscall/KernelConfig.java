package org.croracle.impl.syscall;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.Mutant;
import org.croracle.impl.kernel.Tunables;

import org.croracle.impl.freezer.Freezer;
import org.croracle.impl.freezer.LinuxFreezer;
import org.croracle.impl.pid.AllocPid;
import org.croracle.impl.process.SessionRules;
import org.croracle.impl.checkpoint.LeakCheck;

/**
 * How to build a kernel: its tunables and the strategies behind some of its decisions. Linux's
 * strategies are the defaults; a test replaces one with a broken version to see whether an oracle
 * notices (a broken freezer, an allocator that does not roll back, ...), so the kernel's own code
 * has no branch for a planted bug.
 *
 * @param pidMax   /proc/sys/kernel/pid_max, the same in every namespace (above RESERVED_PIDS, like
 *                 Linux's PID_MAX_MIN of 301)
 * @param maxLevel MAX_PID_NS_LEVEL: the deepest PID namespace level
 * @param freezer  the freezer subsystem
 * @param allocPid the pid allocator
 * @param sessionRules the rules of sessions and process groups (setsid's EPERM)
 * @param leakCheck checkpoint's leak check of a whole container
 * @param restartFaults errors injected into restarts (tests)
 * @param mutants  the planted bugs not yet expressed as a strategy (empty everywhere else)
 */
public record KernelConfig(int pidMax, int maxLevel, Freezer freezer, AllocPid allocPid, SessionRules sessionRules,
                           LeakCheck leakCheck, RestartFaults restartFaults, java.util.Set<Mutant> mutants)
        implements Tunables {

    /**
     * Errors to inject into a restart (tests): the errno the restart's step number {@code step}
     * (0 is its first step after the entry checks) fails with, or null.
     */
    public interface RestartFaults {
        RestartFaults NONE = step -> null;

        Errno at(int step);
    }

    public KernelConfig {
        if (pidMax <= AllocPid.RESERVED_PIDS) {
            throw new IllegalArgumentException("pid_max must be above " + AllocPid.RESERVED_PIDS + ": " + pidMax);
        }
        mutants = java.util.Set.copyOf(mutants);
    }

    /** A kernel with these limits, this freezer and allocator, and Linux's other rules. */
    public KernelConfig(int pidMax, int maxLevel, Freezer freezer, AllocPid allocPid, RestartFaults restartFaults) {
        this(pidMax, maxLevel, freezer, allocPid, SessionRules.LINUX, LeakCheck.LINUX, restartFaults, java.util.Set.of());
    }

    public static KernelConfig defaults() {
        return new KernelConfig(DEFAULT_PID_MAX, MAX_PID_NS_LEVEL, new LinuxFreezer(), new AllocPid(), RestartFaults.NONE);
    }

    /** Whether a test planted this mutant. */
    @Override
    public boolean has(Mutant m) {
        return mutants.contains(m);
    }

    public KernelConfig withMutant(Mutant m) {
        java.util.Set<Mutant> more = new java.util.HashSet<>(mutants);
        more.add(m);
        return new KernelConfig(pidMax, maxLevel, freezer, allocPid, sessionRules, leakCheck, restartFaults, more);
    }

    public KernelConfig withFreezer(Freezer other) {
        return new KernelConfig(pidMax, maxLevel, other, allocPid, sessionRules, leakCheck, restartFaults, mutants);
    }

    public KernelConfig withAllocPid(AllocPid other) {
        return new KernelConfig(pidMax, maxLevel, freezer, other, sessionRules, leakCheck, restartFaults, mutants);
    }

    public KernelConfig withSessionRules(SessionRules other) {
        return new KernelConfig(pidMax, maxLevel, freezer, allocPid, other, leakCheck, restartFaults, mutants);
    }

    public KernelConfig withLeakCheck(LeakCheck other) {
        return new KernelConfig(pidMax, maxLevel, freezer, allocPid, sessionRules, other, restartFaults, mutants);
    }

    public KernelConfig withPidMax(int other) {
        return new KernelConfig(other, maxLevel, freezer, allocPid, sessionRules, leakCheck, restartFaults, mutants);
    }

    public KernelConfig withRestartFaults(RestartFaults other) {
        return new KernelConfig(pidMax, maxLevel, freezer, allocPid, sessionRules, leakCheck, other, mutants);
    }
}
