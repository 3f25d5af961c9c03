package org.croracle.oracle.tlc;

/**
 * One progress report of a running model check: TLC's {@code Progress(depth)} message (code
 * 2200) or its final statistics (code 2199, which carries the depth of the last progress report).
 */
public record TlcProgress(int depth, long statesGenerated, long distinctStates, long statesLeftOnQueue) {}
