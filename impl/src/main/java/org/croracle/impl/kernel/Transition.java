package org.croracle.impl.kernel;

/** What one kernel operation produced: its result and, when it succeeded, the next state. */
public record Transition<T>(Result<T> result, KernelState next) {

    public static <T> Transition<T> ok(T value, KernelState next) {
        return new Transition<>(Result.ok(value), next);
    }

    /** A failure: the state stays {@code unchanged} (all or nothing). */
    public static <T> Transition<T> fail(Result<?> failure, KernelState unchanged) {
        return new Transition<>(failure.cast(), unchanged);
    }

    public static <T> Transition<T> error(Errno errno, String reason, KernelState unchanged) {
        return new Transition<>(Result.error(errno, reason), unchanged);
    }

    public static <T> Transition<T> blocked(String reason, KernelState unchanged) {
        return new Transition<>(Result.blocked(reason), unchanged);
    }
}
