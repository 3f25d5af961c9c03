package org.croracle.impl.syscall;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.Tunables;

import org.croracle.impl.freezer.Freezer;
import org.croracle.impl.freezer.LinuxFreezer;
import org.croracle.impl.pid.AllocPid;
import org.croracle.impl.process.SessionRules;
import org.croracle.impl.checkpoint.LeakCheck;
import org.croracle.impl.restart.BirthOrder;
import org.croracle.impl.restart.RecordRestore;
import org.croracle.impl.restart.RestartPermission;
import org.croracle.impl.restart.ObjhashLookup;
import org.croracle.impl.restart.TailCheck;
import org.croracle.impl.signal.InitProtection;

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
 * @param birthOrder where restart's planner creates a child around its creator's setsid
 * @param tailCheck  what restart makes of an image that breaks off
 * @param restartPhases what restart does, in order, once every task of its tree exists
 * @param recordRestore what restart takes from each record of the image it reads
 * @param restartUndo   what a failed restart undoes
 * @param restartPermission who may restart what (the sysctl gate, RESTART_TASKSELF's credentials)
 * @param initProtection which signals a pid namespace's init drops (SIGNAL_UNKILLABLE)
 * @param objhashLookup which kinds of object restore_task looks up in the restart's objhash before it makes them
 */
public record KernelConfig(int pidMax, int maxLevel, Freezer freezer, AllocPid allocPid, SessionRules sessionRules,
                           LeakCheck leakCheck, RestartFaults restartFaults, BirthOrder birthOrder, TailCheck tailCheck,
                           RestartPhases restartPhases, RecordRestore recordRestore,
                           RestartUndo restartUndo, RestartPermission restartPermission, InitProtection initProtection,
                           ObjhashLookup objhashLookup) implements Tunables {

    /**
     * Errors to inject into a restart (tests): the errno the restart's step number {@code step}
     * (0 is its first step after the entry checks) fails with, or null.
     */
    public interface RestartFaults {
        RestartFaults NONE = step -> null;

        Errno at(int step);
    }

    /**
     * What a restart does, in order, once every task of its tree exists: its tasks restore
     * (restore_begin, then each in image order) and its temporary tasks (ghosts, keepers) exit.
     */
    public interface RestartPhases {
        enum Phase { RESTORE, TEMPORARIES_EXIT }

        /** linux-cr's order: do_ghost_task waits until every task is restored, then the ghosts exit. */
        RestartPhases LINUX_CR = () -> java.util.List.of(Phase.RESTORE, Phase.TEMPORARIES_EXIT);

        java.util.List<Phase> order();
    }

    /**
     * What a failed restart undoes once its init is dead (SIGKILL, after a thaw): all or nothing,
     * so linux-cr's coordinator reaps the init, the files the restore made go and the freezer
     * cgroup restart made goes.
     */
    public interface RestartUndo {
        enum Undo { REAP, UNLINK, RMDIR }

        RestartUndo LINUX_CR = () -> java.util.List.of(Undo.REAP, Undo.UNLINK, Undo.RMDIR);

        java.util.List<Undo> order();
    }

    public KernelConfig {
        if (pidMax <= AllocPid.RESERVED_PIDS) {
            throw new IllegalArgumentException("pid_max must be above " + AllocPid.RESERVED_PIDS + ": " + pidMax);
        }
    }

    /** A kernel with these limits, this freezer and allocator, and Linux's other rules. */
    public KernelConfig(int pidMax, int maxLevel, Freezer freezer, AllocPid allocPid, RestartFaults restartFaults) {
        this(pidMax, maxLevel, freezer, allocPid, SessionRules.LINUX, LeakCheck.LINUX, restartFaults, BirthOrder.LINUX_CR,
                TailCheck.LINUX_CR, RestartPhases.LINUX_CR, RecordRestore.LINUX_CR, RestartUndo.LINUX_CR,
                RestartPermission.LINUX_CR, InitProtection.LINUX, ObjhashLookup.LINUX_CR);
    }

    public static KernelConfig defaults() {
        return new KernelConfig(DEFAULT_PID_MAX, MAX_PID_NS_LEVEL, new LinuxFreezer(), new AllocPid(), RestartFaults.NONE);
    }

    // One line per strategy: each gives the configuration with that one part replaced.
    public KernelConfig withFreezer(Freezer other) { return edit(e -> e.freezer = other); }
    public KernelConfig withAllocPid(AllocPid other) { return edit(e -> e.allocPid = other); }
    public KernelConfig withSessionRules(SessionRules other) { return edit(e -> e.sessionRules = other); }
    public KernelConfig withLeakCheck(LeakCheck other) { return edit(e -> e.leakCheck = other); }
    public KernelConfig withPidMax(int other) { return edit(e -> e.pidMax = other); }
    public KernelConfig withRestartFaults(RestartFaults other) { return edit(e -> e.restartFaults = other); }
    public KernelConfig withBirthOrder(BirthOrder other) { return edit(e -> e.birthOrder = other); }
    public KernelConfig withTailCheck(TailCheck other) { return edit(e -> e.tailCheck = other); }
    public KernelConfig withRestartPhases(RestartPhases other) { return edit(e -> e.restartPhases = other); }
    public KernelConfig withRecordRestore(RecordRestore other) { return edit(e -> e.recordRestore = other); }
    public KernelConfig withRestartUndo(RestartUndo other) { return edit(e -> e.restartUndo = other); }
    public KernelConfig withRestartPermission(RestartPermission other) { return edit(e -> e.restartPermission = other); }
    public KernelConfig withInitProtection(InitProtection other) { return edit(e -> e.initProtection = other); }
    public KernelConfig withObjhashLookup(ObjhashLookup other) { return edit(e -> e.objhashLookup = other); }

    private KernelConfig edit(java.util.function.Consumer<Edit> change) {
        Edit e = new Edit(this);
        change.accept(e);
        return new KernelConfig(e.pidMax, maxLevel, e.freezer, e.allocPid, e.sessionRules, e.leakCheck, e.restartFaults,
                e.birthOrder, e.tailCheck, e.restartPhases, e.recordRestore, e.restartUndo,
                e.restartPermission, e.initProtection, e.objhashLookup);
    }

    /** A configuration being copied with one part replaced. */
    private static final class Edit {
        int pidMax;
        Freezer freezer;
        AllocPid allocPid;
        SessionRules sessionRules;
        LeakCheck leakCheck;
        RestartFaults restartFaults;
        BirthOrder birthOrder;
        TailCheck tailCheck;
        RestartPhases restartPhases;
        RecordRestore recordRestore;
        RestartUndo restartUndo;
        RestartPermission restartPermission;
        InitProtection initProtection;
        ObjhashLookup objhashLookup;

        Edit(KernelConfig c) {
            pidMax = c.pidMax;
            freezer = c.freezer;
            allocPid = c.allocPid;
            sessionRules = c.sessionRules;
            leakCheck = c.leakCheck;
            restartFaults = c.restartFaults;
            birthOrder = c.birthOrder;
            tailCheck = c.tailCheck;
            restartPhases = c.restartPhases;
            recordRestore = c.recordRestore;
            restartUndo = c.restartUndo;
            restartPermission = c.restartPermission;
            initProtection = c.initProtection;
            objhashLookup = c.objhashLookup;
        }
    }
}
