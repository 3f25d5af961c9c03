package org.croracle.oracle.mutants;

import java.util.List;

import org.croracle.impl.syscall.KernelConfig;

/**
 * A failed restart that kills and reaps its tasks and removes its files but leaves the freezer
 * cgroup it made: restart is all or nothing, and the next restart into that name finds it
 * (EEXIST).
 */
final class KeepsItsCgroup implements KernelConfig.RestartUndo {
    @Override
    public List<Undo> order() {
        return List.of(Undo.REAP, Undo.UNLINK);
    }
}
