package org.croracle.impl.syscall;

import org.croracle.impl.kernel.CheckpointFlags;

import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * checkpoint()'s file arguments. {@code fd} and {@code logfd} are descriptors of the caller,
 * checked like ckpt_ctx_alloc's fget (open, writable; EBADF otherwise), and the context holds a
 * reference on their files while it runs. The simulated filesystem keeps text files only, so the
 * bytes written to fd go to {@code image} and the lines written to logfd to {@code log}: the
 * streams behind those descriptors.
 */
public record CheckpointIo(int fd, OutputStream image, int logfd, Consumer<String> log) {

    /** No log (logfd = CHECKPOINT_FD_NONE). */
    public static CheckpointIo of(int fd, OutputStream image) {
        return new CheckpointIo(fd, image, CheckpointFlags.FD_NONE, line -> { });
    }
}
