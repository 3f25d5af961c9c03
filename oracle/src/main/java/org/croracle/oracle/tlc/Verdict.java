package org.croracle.oracle.tlc;

/** TLC's answer to one question: it holds, or it does not and why (for example an evaluation error). */
public record Verdict(boolean holds, String reason) {

    public static final Verdict HOLDS = new Verdict(true, null);

    public static Verdict fails(String reason) {
        return new Verdict(false, reason);
    }
}
