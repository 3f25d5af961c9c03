package org.croracle.impl.kernel;

import java.util.Locale;
import java.util.Optional;

/** The signals the kernel models, with Linux's numbers and default actions. */
public enum Signal {
    SIGHUP(1, true), SIGINT(2, true), SIGQUIT(3, true), SIGKILL(9, true), SIGUSR1(10, true),
    SIGSEGV(11, true), SIGUSR2(12, true), SIGPIPE(13, true), SIGALRM(14, true), SIGTERM(15, true),
    SIGCHLD(17, false), SIGCONT(18, false), SIGSTOP(19, false), SIGWINCH(28, false);

    private final int number;
    private final boolean fatalByDefault;

    Signal(int number, boolean fatalByDefault) {
        this.number = number;
        this.fatalByDefault = fatalByDefault;
    }

    public int number() {
        return number;
    }

    /** Whether the default action terminates the task. */
    public boolean fatalByDefault() {
        return fatalByDefault;
    }

    /** SIGKILL and SIGSTOP can be neither caught nor ignored. */
    public boolean catchable() {
        return this != SIGKILL && this != SIGSTOP;
    }

    /** The signal with Linux's number {@code number}, if the kernel models it. */
    public static Optional<Signal> byNumber(int number) {
        for (Signal sig : values()) {
            if (sig.number == number) {
                return Optional.of(sig);
            }
        }
        return Optional.empty();
    }

    public static Optional<Signal> parse(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (!n.startsWith("SIG")) {
            n = "SIG" + n;
        }
        try {
            return Optional.of(valueOf(n));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
