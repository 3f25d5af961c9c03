package org.croracle.impl.restart;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.kernel.Task;

/**
 * Who may restart what (linux-cr's restart entry checks): without CAP_SYS_ADMIN a caller may
 * restart only when ckpt_unpriv_allowed is 2, and with RESTART_TASKSELF only an image of its own
 * credentials (uid and gid both), since the restored task takes the image's. A test replaces it
 * with one that forgets a rule, to see whether the oracles notice.
 */
public interface RestartPermission {

    /** Why {@code caller} may not call restart() at all, or null. */
    String refusal(int ckptUnprivAllowed, Task caller);

    /** Why {@code caller} may not restore itself (RESTART_TASKSELF) from an image of the task {@code image}, or null. */
    String selfRefusal(Task caller, ImageRecord.Task image);

    /** linux-cr's rules. */
    RestartPermission LINUX_CR = new RestartPermission() {
        @Override
        public String refusal(int ckptUnprivAllowed, Task caller) {
            return ckptUnprivAllowed < 2 && !caller.privileged()
                    ? "restart needs CAP_SYS_ADMIN (ckpt_unpriv_allowed is " + ckptUnprivAllowed
                            + "; 2 lets unprivileged users restart)" : null;
        }

        @Override
        public String selfRefusal(Task caller, ImageRecord.Task image) {
            return !caller.privileged() && (image.uid() != caller.uid() || image.gid() != caller.gid())
                    ? "the image's credentials (uid " + image.uid() + ", gid " + image.gid()
                            + ") are not the caller's and it lacks CAP_SYS_ADMIN" : null;
        }
    };
}
