package org.croracle.oracle.suite;

import java.time.Duration;

/**
 * One line of {@code ./cr check}'s table.
 *
 * @param spec     the spec folder
 * @param what     "MCFreeze.cfg", "bug ForkFromFrozen", "conformance"
 * @param states   states generated (TLC) or steps checked (conformance)
 * @param distinct distinct states (TLC) or traces (conformance)
 * @param depth    TLC's search depth, or -1
 * @param time     wall-clock time
 * @param verdict  in words ("OK", "rejected: FrozenMeansAllFrozen", ...)
 * @param ok       whether this line is as it must be
 * @param detail   more text for a failing line (a counterexample, a shrunk trace), or empty
 */
public record CheckRow(String spec, String what, long states, long distinct, int depth, Duration time,
                       String verdict, boolean ok, String detail) {
}
