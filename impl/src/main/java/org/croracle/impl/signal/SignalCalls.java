package org.croracle.impl.signal;

import org.croracle.impl.kernel.Sighand;

import java.util.EnumSet;
import java.util.Set;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.ObjectTable;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Transition;

/** sigaction and sigprocmask, and what a delivered signal does to its target. */
public final class SignalCalls {
    private SignalCalls() {}

    /** What happens when a signal reaches a live task. */
    public enum Effect { NOTHING, PENDING, HANDLED, FATAL }

    public static Transition<Void> sigaction(KernelState s, Task t, Signal sig, Sighand.Disposition d) {
        if (!sig.catchable()) {
            return Transition.error(Errno.EINVAL, sig + " can be neither caught nor ignored", s);
        }
        ObjectTable.Builder ob = s.objects().edit();
        ob.replace(t.res().sighand(), ob.get(t.res().sighand(), Sighand.class).with(sig, d));
        KernelState next = s.withObjects(ob.build());
        // POSIX: making a pending signal ignored (SIG_IGN, or SIG_DFL where the default is to ignore)
        // discards it, blocked or not, in the caller's whole thread group (do_sigaction)
        if (d == Sighand.Disposition.IGNORE || (d == Sighand.Disposition.DEFAULT && !sig.fatalByDefault())) {
            for (Task u : s.tasks().values()) {
                if (u.tgid() == t.tgid() && u.pending().contains(sig)) {
                    Set<Signal> pending = EnumSet.noneOf(Signal.class);
                    pending.addAll(u.pending());
                    pending.remove(sig);
                    next = next.withTask(next.tasks().get(u.pid()).withSignals(u.blocked(), pending));
                }
            }
        }
        return Transition.ok(null, next);
    }

    /** Blocks or unblocks a signal (SIGKILL and SIGSTOP silently stay unblocked, as in Linux). */
    public static Transition<Effect> sigmask(KernelState s, Task t, boolean block, Signal sig) {
        Set<Signal> blocked = EnumSet.noneOf(Signal.class);
        blocked.addAll(t.blocked());
        Set<Signal> pending = EnumSet.noneOf(Signal.class);
        pending.addAll(t.pending());
        if (!sig.catchable()) {
            return Transition.ok(Effect.NOTHING, s);
        }
        if (block) {
            blocked.add(sig);
            return Transition.ok(Effect.NOTHING, s.withTask(t.withSignals(blocked, pending)));
        }
        blocked.remove(sig);
        Effect effect = Effect.NOTHING;
        // a namespace's init drops what it does not handle when it takes it (SIGNAL_UNKILLABLE in get_signal)
        boolean unkillable = s.namespaces().get(t.ns()).init() == t.pid() && !handles(s, t, sig);
        if (pending.remove(sig) && !unkillable) {
            effect = effectOf(s, t, sig, false);
        }
        return Transition.ok(effect, s.withTask(t.withSignals(blocked, pending)));
    }

    /** The effect of {@code sig} reaching {@code t} now (not blocked, unless {@code mayPend}). */
    public static Effect effectOf(KernelState s, Task t, Signal sig, boolean mayPend) {
        if (!sig.catchable()) {
            return sig == Signal.SIGKILL ? Effect.FATAL : Effect.NOTHING;
        }
        // a blocked signal is never ignored when sent: its disposition may change before it is unblocked (sig_ignored)
        if (mayPend && t.blocked().contains(sig)) {
            return Effect.PENDING;
        }
        Sighand.Disposition d = s.objects().get(t.res().sighand(), Sighand.class).of(sig);
        if (d == Sighand.Disposition.IGNORE) {
            return Effect.NOTHING;
        }
        if (d == Sighand.Disposition.HANDLE) {
            return Effect.HANDLED;
        }
        return sig.fatalByDefault() ? Effect.FATAL : Effect.NOTHING;
    }

    /** Whether the task has a handler for the signal (a namespace's init ignores only unhandled ones). */
    public static boolean handles(KernelState s, Task t, Signal sig) {
        return sig.catchable() && s.objects().get(t.res().sighand(), Sighand.class).of(sig) == Sighand.Disposition.HANDLE;
    }
}
