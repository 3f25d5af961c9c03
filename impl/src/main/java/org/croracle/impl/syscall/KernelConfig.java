package org.croracle.impl.syscall;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.Mutant;
import org.croracle.impl.kernel.Tunables;

import org.croracle.impl.freezer.Freezer;
import org.croracle.impl.freezer.LinuxFreezer;
import org.croracle.impl.pid.AllocPid;
import org.croracle.impl.restart.BirthOrder;
import org.croracle.impl.restart.TailCheck;

/**
 * How to build a kernel.
 *
 * @param pidMax   /proc/sys/kernel/pid_max, the same in every namespace (above RESERVED_PIDS, like
 *                 Linux's PID_MAX_MIN of 301)
 * @param maxLevel MAX_PID_NS_LEVEL: the deepest PID namespace level
 * @param freezer  the freezer subsystem (tests substitute a broken one)
 * @param allocPid the pid allocator (tests substitute a broken one)
 * @param restartFaults errors injected into restarts (tests)
 * @param birthOrder where restart's planner creates a child around its creator's setsid (tests
 *                   substitute a broken order)
 * @param tailCheck  what restart makes of an image that breaks off (tests substitute one that
 *                   restores it anyway)
 * @param mutants  deliberate departures from Linux's semantics that tests plant to measure the
 *                 oracles (empty everywhere else)
 */
public record KernelConfig(int pidMax, int maxLevel, Freezer freezer, AllocPid allocPid, RestartFaults restartFaults,
                           BirthOrder birthOrder, TailCheck tailCheck, java.util.Set<Mutant> mutants) implements Tunables {

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

    public KernelConfig(int pidMax, int maxLevel, Freezer freezer, AllocPid allocPid, RestartFaults restartFaults) {
        this(pidMax, maxLevel, freezer, allocPid, restartFaults, BirthOrder.LINUX_CR, TailCheck.LINUX_CR,
                java.util.Set.of());
    }

    /** Whether a test planted this mutant. */
    @Override
    public boolean has(Mutant m) {
        return mutants.contains(m);
    }

    /** The pid allocator; mutant ECLONE_NO_ROLLBACK (tests only) keeps what it took before failing. */
    @Override
    public AllocPid allocPid() {
        return has(Mutant.ECLONE_NO_ROLLBACK) ? AllocPid.withoutRollback() : allocPid;
    }

    public KernelConfig withMutant(Mutant m) {
        java.util.Set<Mutant> more = new java.util.HashSet<>(mutants);
        more.add(m);
        return new KernelConfig(pidMax, maxLevel, freezer, allocPid, restartFaults, birthOrder, tailCheck, more);
    }

    public static KernelConfig defaults() {
        return new KernelConfig(DEFAULT_PID_MAX, MAX_PID_NS_LEVEL, new LinuxFreezer(), new AllocPid(), RestartFaults.NONE);
    }

    public KernelConfig withFreezer(Freezer other) {
        return new KernelConfig(pidMax, maxLevel, other, allocPid, restartFaults, birthOrder, tailCheck, mutants);
    }

    public KernelConfig withAllocPid(AllocPid other) {
        return new KernelConfig(pidMax, maxLevel, freezer, other, restartFaults, birthOrder, tailCheck, mutants);
    }

    public KernelConfig withPidMax(int other) {
        return new KernelConfig(other, maxLevel, freezer, allocPid, restartFaults, birthOrder, tailCheck, mutants);
    }

    public KernelConfig withRestartFaults(RestartFaults other) {
        return new KernelConfig(pidMax, maxLevel, freezer, allocPid, other, birthOrder, tailCheck, mutants);
    }

    public KernelConfig withBirthOrder(BirthOrder other) {
        return new KernelConfig(pidMax, maxLevel, freezer, allocPid, restartFaults, other, tailCheck, mutants);
    }

    public KernelConfig withTailCheck(TailCheck other) {
        return new KernelConfig(pidMax, maxLevel, freezer, allocPid, restartFaults, birthOrder, other, mutants);
    }
}
