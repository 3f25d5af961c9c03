package org.croracle.cli;

import java.time.Duration;

/** How the command line prints figures. */
final class Table {
    private Table() {}

    static String count(long n) {
        return n < 0 ? "-" : String.format("%,d", n);
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
