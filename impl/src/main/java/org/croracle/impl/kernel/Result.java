package org.croracle.impl.kernel;

import java.util.Objects;

/**
 * The outcome of a kernel call: a value, an errno (an expected failure, never an exception), or
 * "blocked": the calling task cannot run (it is frozen or asleep), so the call has not happened.
 */
public record Result<T>(Status status, T value, Errno errno, String reason) {

    public enum Status { OK, ERROR, BLOCKED }

    public Result {
        Objects.requireNonNull(status);
        if (status == Status.ERROR) {
            Objects.requireNonNull(errno, "an error needs an errno");
        }
    }

    public static <T> Result<T> ok(T value) {
        return new Result<>(Status.OK, value, null, null);
    }

    public static <T> Result<T> error(Errno errno, String reason) {
        return new Result<>(Status.ERROR, null, errno, reason);
    }

    public static <T> Result<T> blocked(String reason) {
        return new Result<>(Status.BLOCKED, null, null, reason);
    }

    public boolean isOk() {
        return status == Status.OK;
    }

    /** The same failure, for a call of another result type. */
    public <U> Result<U> cast() {
        if (isOk()) {
            throw new IllegalStateException("not a failure: " + this);
        }
        return new Result<>(status, null, errno, reason);
    }

    @Override
    public String toString() {
        return switch (status) {
            case OK -> value == null ? "ok" : "ok " + value;
            case ERROR -> errno + (reason == null ? "" : " (" + reason + ")");
            case BLOCKED -> "blocked (" + reason + ")";
        };
    }
}
