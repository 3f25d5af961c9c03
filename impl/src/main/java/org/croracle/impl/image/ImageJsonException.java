package org.croracle.impl.image;

/** A JSON document that is not an image's JSON form: malformed, a missing or unknown field, a bad value. */
public final class ImageJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImageJsonException(String message, Throwable cause) {
        super(message, cause);
    }

    public ImageJsonException(String message) {
        super(message);
    }
}
