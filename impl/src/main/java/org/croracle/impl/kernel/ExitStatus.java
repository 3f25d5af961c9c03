package org.croracle.impl.kernel;

/**
 * How a task ended: an exit code, or the signal that killed it (then {@code code} is 0).
 */
public record ExitStatus(int code, Signal signal) {

    public static final ExitStatus NONE = new ExitStatus(0, null);

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, null);
    }

    public static ExitStatus killed(Signal signal) {
        return new ExitStatus(0, signal);
    }

    public boolean killed() {
        return signal != null;
    }

    @Override
    public String toString() {
        return killed() ? signal.name() : Integer.toString(code);
    }
}
