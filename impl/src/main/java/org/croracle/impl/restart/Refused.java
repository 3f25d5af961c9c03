package org.croracle.impl.restart;

/** Why a saved tree cannot be rebuilt by legal process steps (restart answers EINVAL with it). */
final class Refused extends Exception {
    Refused(String message) {
        super(message, null, false, false);
    }
}
