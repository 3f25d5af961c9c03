package org.croracle.oracle.tlc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to model-check. {@code specDir} holds the root module and is the child's working
 * directory, so a relative {@code configFile} is resolved there; {@code libraryDirs} are extra
 * module search directories (bug variants in {@code specs/X/bugs/} EXTEND modules in
 * {@code specs/X/}).
 *
 * @param specDir     directory of the root module
 * @param rootModule  module name without {@code .tla}
 * @param configFile  the {@code .cfg} file, relative to {@code specDir} or absolute; {@code null}
 *                    means {@code rootModule + ".cfg"}
 * @param libraryDirs extra module search directories (may be empty)
 * @param workers     TLC worker threads, at least 1
 * @param timeout     wall-clock limit for the whole child process
 */
public record TlcRequest(Path specDir, String rootModule, String configFile, List<Path> libraryDirs,
                         int workers, Duration timeout) {

    public TlcRequest {
        Objects.requireNonNull(specDir, "specDir");
        Objects.requireNonNull(rootModule, "rootModule");
        Objects.requireNonNull(timeout, "timeout");
        if (rootModule.isBlank() || rootModule.endsWith(".tla")) {
            throw new IllegalArgumentException("rootModule must be a module name without .tla: " + rootModule);
        }
        if (configFile == null) {
            configFile = rootModule + ".cfg";
        }
        libraryDirs = libraryDirs == null ? List.of() : List.copyOf(libraryDirs);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }
}
