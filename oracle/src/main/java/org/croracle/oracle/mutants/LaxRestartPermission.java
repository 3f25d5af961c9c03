package org.croracle.oracle.mutants;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.restart.RestartPermission;

/** Restart's entry checks with one rule loosened: each instance forgets one. */
final class LaxRestartPermission implements RestartPermission {
    private final boolean gateAtOne;
    private final boolean uidOnly;

    private LaxRestartPermission(boolean gateAtOne, boolean uidOnly) {
        this.gateAtOne = gateAtOne;
        this.uidOnly = uidOnly;
    }

    /** An unprivileged caller may restart once ckpt_unpriv_allowed is 1 (the checkpoint's level), not 2. */
    static LaxRestartPermission gateAtOne() {
        return new LaxRestartPermission(true, false);
    }

    /** RESTART_TASKSELF compares the image's uid with the caller's, not its gid. */
    static LaxRestartPermission uidOnly() {
        return new LaxRestartPermission(false, true);
    }

    @Override
    public String refusal(int ckptUnprivAllowed, Task caller) {
        return gateAtOne && ckptUnprivAllowed == 1 ? null : LINUX_CR.refusal(ckptUnprivAllowed, caller);
    }

    @Override
    public String selfRefusal(Task caller, ImageRecord.Task image) {
        if (uidOnly) {
            return !caller.privileged() && image.uid() != caller.uid() ? "the image's uid is not the caller's" : null;
        }
        return LINUX_CR.selfRefusal(caller, image);
    }
}
