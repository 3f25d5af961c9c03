package org.croracle.impl.image;

/**
 * The image is not well-formed: {@link #offset()} is the byte of the stream where the reader
 * found the problem (the field, or where the stream ended), {@link #reason()} says what.
 */
public final class ImageFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String reason;

    public ImageFormatException(long offset, String reason) {
        super("image offset " + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    public long offset() {
        return offset;
    }

    public String reason() {
        return reason;
    }
}
