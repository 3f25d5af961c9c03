package org.croracle.oracle.mutants;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.process.SessionRules;

/**
 * setsid refuses only a caller that leads its own process group: a group whose id is the
 * caller's pid but that the caller has left (its other members are still in it) is missed.
 */
final class SetsidIgnoresLeftGroup implements SessionRules {
    @Override
    public boolean setsidRefused(KernelState s, Task caller) {
        return caller.pgid() == caller.pid();
    }
}
