package org.croracle.impl.image;

/** A violation {@link ImageChecker} found: the offset of the record, and what is wrong with it. */
public record ImageProblem(long offset, String text) {
    @Override
    public String toString() {
        return "image offset " + offset + ": " + text;
    }
}
