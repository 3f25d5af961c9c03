package org.croracle.oracle.tlc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What TLC needs from the JVM before any of its classes load. */
final class TlcEnvironment {
    private TlcEnvironment() {}

    /**
     * TLC extracts its standard modules (Naturals.tla, ...) into java.io.tmpdir and does not create
     * that directory; a relative tmpdir breaks when the working directory changes. Make it
     * absolute and existing. Each JVM should have its own (the launcher and Surefire set one).
     */
    static synchronized void prepareTmpdir() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create java.io.tmpdir " + tmp, e);
        }
        System.setProperty("java.io.tmpdir", tmp.toString());
    }
}
