package org.croracle.impl.scenario;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.croracle.impl.kernel.ExitStatus;
import org.croracle.impl.kernel.KernelInvariants;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.restart.TreeView;
import org.croracle.impl.syscall.Kernel;

/**
 * The {@code expect} lines of a scenario: each is checked against the outcome of the operation
 * before it or against the kernel as it is now, and tells what it found instead when it does not
 * hold.
 */
final class Expectations {

    private final Kernel kernel;
    private final Labels labels;
    private final UserTools tools;

    /** The kernel just before the last restart line, or null if none ran. */
    private final java.util.function.Supplier<KernelState> beforeRestart;

    Expectations(Kernel kernel, Labels labels, UserTools tools, java.util.function.Supplier<KernelState> beforeRestart) {
        this.kernel = kernel;
        this.beforeRestart = beforeRestart;
        this.labels = labels;
        this.tools = tools;
    }

    /** Whether an expectation is about the outcome of the line before it (so that line may fail). */
    static boolean judgesOutcome(Op op) {
        return op instanceof Op.ExpectOk || op instanceof Op.ExpectErrno || op instanceof Op.ExpectBusy;
    }

    /**
     * What is wrong, or empty if the expectation holds.
     *
     * @param previous the outcome of the last operation, or null if none ran yet
     */
    Optional<String> check(Op.Expect expectation, Result<?> previous) {
        KernelState s = kernel.state();
        if (expectation instanceof Op.ExpectOk) {
            if (previous == null || !previous.isOk()) {
                return fail("expected ok, got " + (previous == null ? "no operation" : ScenarioRunner.describe(previous)));
            }
        } else if (expectation instanceof Op.ExpectErrno e) {
            if (previous == null || previous.isOk() || previous.errno() != e.errno()) {
                return fail("expected " + e.errno() + ", got "
                        + (previous == null ? "no operation" : ScenarioRunner.describe(previous)));
            }
        } else if (expectation instanceof Op.ExpectBusy e) {
            var ctx = s.checkpoint();
            String why = ctx == null ? "none" : ctx.error().specName();
            if (previous == null || previous.isOk() || previous.errno() != Errno.EBUSY || !why.equals(e.reason())) {
                return fail("expected EBUSY (" + e.reason() + "), got "
                        + (previous == null ? "no operation" : ScenarioRunner.describe(previous))
                        + (previous != null && !previous.isOk() ? " (checkpoint error: " + why + ")" : ""));
            }
        } else if (expectation instanceof Op.ExpectClean) {
            List<String> v = KernelInvariants.violations(s);
            if (!v.isEmpty()) {
                return fail("expected clean: " + String.join("; ", v));
            }
        } else if (expectation instanceof Op.ExpectUndone) {
            KernelState before = beforeRestart.get();
            if (before == null) {
                return fail("expected undone: no restart ran");
            }
            List<String> left = org.croracle.impl.restart.Leftovers.of(before, s);
            if (!left.isEmpty()) {
                return fail("expected the restart undone, but it left " + String.join("; ", left));
            }
        } else if (expectation instanceof Op.ExpectFreezer e) {
            org.croracle.impl.kernel.Cgroup cg = s.cgroups().get(e.cgroup());
            if (cg == null || cg.state() != e.state()) {
                return fail("expected freezer " + e.cgroup() + " " + e.state() + ", got "
                        + (cg == null ? "no such cgroup" : cg.state()));
            }
        } else if (expectation instanceof Op.ExpectSame e) {
            return same(e);
        } else if (expectation instanceof Op.ExpectPid e) {
            Task t = s.tasks().get(labels.pid(e.label()));
            if (t == null) {
                return gone(e.label());
            }
            if (t.pidAt(t.level()) != e.pid()) {
                return fail("expected pid " + e.written() + " for " + e.label() + ", got " + t.pidAt(t.level()));
            }
        } else if (expectation instanceof Op.ExpectRelation e) {
            Task t = s.tasks().get(labels.pid(e.label()));
            if (t == null) {
                return gone(e.label());
            }
            int actual = switch (e.relation()) {
                case PPID -> t.ppid();
                case SID -> t.sid();
                case PGID -> t.pgid();
            };
            int want = labels.pid(e.other());
            if (actual != want) {
                return fail("expected " + e.relation().word() + " of " + e.label() + " to be " + e.other()
                        + " (pid " + want + "), got " + labels.nameOf(actual));
            }
        } else if (expectation instanceof Op.ExpectZombie e) {
            Task t = s.tasks().get(labels.pid(e.label()));
            if (t == null) {
                return gone(e.label());
            }
            ExitStatus x = t.exit();
            boolean matches = t.isZombie() && (e.signal() != null
                    ? x.killed() && x.signal() == e.signal()
                    : !x.killed() && x.code() == e.code());
            if (!matches) {
                return fail("expected " + e.label() + " to be a zombie with status " + e.status() + ", got "
                        + (t.isZombie() ? "a zombie with status " + x : t.state().name().toLowerCase(Locale.ROOT)));
            }
        } else {
            throw new IllegalStateException("the parser let through " + expectation);
        }
        return Optional.empty();
    }

    /** expect same a PREFIX/a: the tree at a when the image was taken equals the restored tree. */
    private Optional<String> same(Op.ExpectSame e) {
        String saved = e.saved();
        String restored = e.restored();
        String prefix = restored.contains("/") ? restored.substring(0, restored.indexOf('/')) : "";
        UserTools.Snapshot snap = tools.restoredAs(prefix);
        if (snap == null) {
            return fail("expected same: nothing was restored as " + prefix);
        }
        Integer was = snap.labels().get(saved);
        Integer now = labels.find(restored);
        if (was == null || !snap.state().tasks().containsKey(was)) {
            return fail("expected same: " + saved + " was not in the checkpointed tree");
        }
        if (now == null) {
            return fail("expected same: " + labels.neverNamed(restored));
        }
        if (!kernel.state().tasks().containsKey(now)) {
            return fail("expected same: " + restored + " no longer exists (reaped)");
        }
        String diff = TreeView.differences(TreeView.of(snap.state(), was), TreeView.of(kernel.state(), now), 5);
        return diff == null ? Optional.empty() : fail("expected same " + saved + " " + restored + ", " + diff);
    }

    private Optional<String> gone(String label) {
        return fail(labels.find(label) == null ? labels.neverNamed(label) : label + " no longer exists (reaped)");
    }

    private static Optional<String> fail(String what) {
        return Optional.of(what);
    }
}
