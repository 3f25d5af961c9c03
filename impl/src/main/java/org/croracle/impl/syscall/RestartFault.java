package org.croracle.impl.syscall;

import org.croracle.impl.kernel.Errno;

/**
 * A fault to inject into a restart at a named step: {@code plan:N}, the Nth step of its plan (as
 * {@code ./cr run --plan} numbers them, from 1); {@code restore:N}, the restore of the Nth task
 * of the image; {@code exit:N}, the exit of the Nth temporary task (ghost or keeper); {@code
 * freeze}, RESTART_FROZEN's freeze. The step fails with {@code errno} instead of running.
 */
public record RestartFault(String step, Errno errno) {

    private static final java.util.regex.Pattern STEP = java.util.regex.Pattern.compile("(plan|restore|exit):[1-9][0-9]{0,8}|freeze");

    public RestartFault {
        if (!isStep(step)) {
            throw new IllegalArgumentException("not a restart step: " + step + " (plan:N, restore:N, exit:N or freeze)");
        }
        if (errno == null) {
            throw new IllegalArgumentException("no errno");
        }
    }

    /** Whether {@code step} names a restart step. */
    public static boolean isStep(String step) {
        return step != null && STEP.matcher(step).matches();
    }
}
