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
 * @param simulation  null for an exhaustive breadth-first search; otherwise TLC's random
 *                    simulation: behaviours drawn from the model, which stops at the first state
 *                    that violates a property (the shortest counterexample is not guaranteed, and
 *                    a clean run proves nothing)
 * @param dumpStates  null, or the file TLC writes every distinct state it finds to ({@code -dump},
 *                    TLA+ notation, one {@code State N:} block each), for a caller that compares
 *                    the set of states with another enumeration of the same model
 */
public record TlcRequest(Path specDir, String rootModule, String configFile, List<Path> libraryDirs,
                         int workers, Duration timeout, Simulation simulation, Path dumpStates) {

    /**
     * TLC's {@code -simulate}: {@code behaviours} random behaviours of at most {@code depth}
     * states each, drawn with {@code seed} (with one worker, the same seed gives the same behaviours).
     */
    public record Simulation(long seed, int depth, int behaviours) {
        public Simulation {
            if (depth < 1 || behaviours < 1) {
                throw new IllegalArgumentException("a simulation needs a depth and a number of behaviours of at least 1");
            }
        }
    }

    /** An exhaustive search. */
    public TlcRequest(Path specDir, String rootModule, String configFile, List<Path> libraryDirs, int workers,
                      Duration timeout) {
        this(specDir, rootModule, configFile, libraryDirs, workers, timeout, null, null);
    }

    /** An exhaustive search, or a simulation when {@code simulation} is not null; no states written out. */
    public TlcRequest(Path specDir, String rootModule, String configFile, List<Path> libraryDirs, int workers,
                      Duration timeout, Simulation simulation) {
        this(specDir, rootModule, configFile, libraryDirs, workers, timeout, simulation, null);
    }

    /** The same request, writing every distinct state TLC finds to {@code file}. */
    public TlcRequest dumpingStatesTo(Path file) {
        return new TlcRequest(specDir, rootModule, configFile, libraryDirs, workers, timeout, simulation,
                Objects.requireNonNull(file, "file"));
    }

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
