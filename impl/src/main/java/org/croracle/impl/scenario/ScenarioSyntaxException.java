package org.croracle.impl.scenario;

/** A scenario that does not parse: the message is {@code file.crs:LINE: what is wrong}. */
public final class ScenarioSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScenarioSyntaxException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}
