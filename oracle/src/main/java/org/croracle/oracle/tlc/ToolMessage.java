package org.croracle.oracle.tlc;

import java.util.Objects;

/**
 * One message of TLC's {@code -tool} output: the text between {@code @!@!@STARTMSG code:class
 * @!@!@} and {@code @!@!@ENDMSG code @!@!@}, without trailing blank lines.
 */
public record ToolMessage(int code, Severity severity, String text) {

    /** The message class TLC prints after the code. */
    public enum Severity {
        NONE, ERROR, TLCBUG, WARNING, STATE;

        /** The severity for TLC's class number; unknown numbers count as {@link #NONE}. */
        public static Severity of(int messageClass) {
            Severity[] all = values();
            return messageClass >= 0 && messageClass < all.length ? all[messageClass] : NONE;
        }
    }

    public ToolMessage {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(text, "text");
    }

    /** The first line of the text. */
    public String firstLine() {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
