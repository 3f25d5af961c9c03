package org.croracle.oracle.mutants;

import java.util.List;
import java.util.function.UnaryOperator;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.restart.RecordRestore;

/**
 * A restart that loses one field of the image as it reads it: the restored task or object takes
 * the field's default instead of its saved value. Each instance loses one field.
 */
final class LosesOnRestore implements RecordRestore {
    private final UnaryOperator<ImageRecord> loss;

    private LosesOnRestore(UnaryOperator<ImageRecord> loss) {
        this.loss = loss;
    }

    @Override
    public ImageRecord restored(ImageRecord record) {
        return loss.apply(record);
    }

    /** A zombie killed by a signal comes back as one that exited with its code (exit signal 0). */
    static LosesOnRestore zombieSignal() {
        return new LosesOnRestore(r -> r instanceof ImageRecord.Tree t ? new ImageRecord.Tree(t.entries().stream()
                .map(e -> new ImageRecord.TreeEntry(e.parentIndex(), e.pid(), e.ppid(), e.tgid(), e.pgid(), e.sid(),
                        e.state(), e.exitCode(), 0, e.pids()))
                .toList()) : r);
    }

    /**
     * Every task below the root is read as the leader of a thread group of its own (tgid = pid):
     * threads come back as processes. The root's threads keep their group (as processes their
     * parent would be outside the tree, which the planner refuses outright).
     */
    static LosesOnRestore tgid() {
        return new LosesOnRestore(r -> r instanceof ImageRecord.Tree t ? new ImageRecord.Tree(t.entries().stream()
                .map(e -> new ImageRecord.TreeEntry(e.parentIndex(), e.pid(), e.ppid(),
                        e.tgid() == t.entries().get(0).pid() ? e.tgid() : e.pid(), e.pgid(), e.sid(),
                        e.state(), e.exitCode(), e.exitSignal(), e.pids()))
                .toList()) : r);
    }

    /** Every fd is restored without FD_CLOEXEC. */
    static LosesOnRestore cloexec() {
        return new LosesOnRestore(r -> r instanceof ImageRecord.FileTable t ? new ImageRecord.FileTable(t.fds().stream()
                .map(e -> new ImageRecord.FdEntry(e.fd(), e.fileRef(), false)).toList()) : r);
    }

    /** Every open file description is restored at offset 0. */
    static LosesOnRestore offset() {
        return new LosesOnRestore(r -> r instanceof ImageRecord.File f ? new ImageRecord.File(f.inodeRef(), 0, f.flags()) : r);
    }

    /** Every task keeps the uid of the restarting caller (0): the saved uid is not set back. */
    static LosesOnRestore uid() {
        return new LosesOnRestore(r -> r instanceof ImageRecord.Task t
                ? new ImageRecord.Task(t.taskIndex(), 0, t.gid(), t.flags(), t.blockedMask(), t.pendingMask(), t.doomedBy())
                : r);
    }

}
