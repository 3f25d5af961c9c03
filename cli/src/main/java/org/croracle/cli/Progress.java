package org.croracle.cli;

import java.io.PrintWriter;

/**
 * Progress of long work on stderr: what is starting, how much is done of how much, the rate and
 * the time left. Only for a person watching: silent when stderr is not a terminal (a pipe, a log,
 * CI) or with {@code --quiet}, so that captured output stays the result alone.
 */
final class Progress {

    private final PrintWriter err;
    private final boolean on;
    private final String command;
    private final int total;
    private final long start = System.nanoTime();
    private int done;

    private Progress(PrintWriter err, boolean on, String command, int total) {
        this.err = err;
        this.on = on;
        this.command = command;
        this.total = total;
    }

    /** Progress of {@code total} pieces of work, shown only when someone can see it. */
    static Progress of(PrintWriter err, boolean quiet, String command, int total) {
        return new Progress(err, !quiet && System.console() != null, command, total);
    }

    /** The next piece of work starts. */
    void starting(String what) {
        if (!on) {
            return;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        String eta = done == 0 ? "" : String.format(", %.1f/min, about %s left", done / elapsed * 60,
                clock(elapsed / done * (total - done)));
        err.printf("%s: [%d/%d] %s (%s elapsed%s)%n", command, done + 1, total, what, clock(elapsed), eta);
        err.flush();
    }

    /** A line about work whose size is not known in advance (a search level by level). */
    void note(String what) {
        if (!on) {
            return;
        }
        err.printf("%s: %s (%s elapsed)%n", command, what, clock((System.nanoTime() - start) / 1e9));
        err.flush();
    }

    /** The piece of work that started last is finished. */
    void finished() {
        done++;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d", s / 60, s % 60);
    }
}
