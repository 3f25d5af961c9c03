package org.croracle.impl.syscall;

import java.util.function.Consumer;

/**
 * restart()'s file arguments: {@code fd} must be open for reading in the caller (EBADF otherwise)
 * and {@code image} is what reading it gives (the simulated filesystem keeps text files only);
 * {@code logfd} is -1 or open for writing, and its lines go to {@code log}.
 */
public record RestartIo(int fd, byte[] image, int logfd, Consumer<String> log) {
}
