package org.croracle.oracle.tlc;

/** A spec or its configuration could not be loaded into TLC: the message names the file and the reason. */
public final class SpecLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpecLoadException(String message) {
        super(message);
    }

    public SpecLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
