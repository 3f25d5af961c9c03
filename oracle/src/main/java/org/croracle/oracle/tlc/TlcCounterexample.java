package org.croracle.oracle.tlc;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A counterexample of TLC to read again later: what was checked and the behaviour TLC printed.
 *
 * @param origin           how the text came to be ("saved by ./cr tlc --save-trace", "TLC's output")
 * @param spec             the root module's file as the text names it (relative or absolute);
 *                         null when the text does not name it
 * @param config           the model configuration's file, likewise; null means MODULE.cfg beside
 *                         the module
 * @param libraries        other module folders TLC searched (a bug variant's spec folder)
 * @param outcome          the kind of violation
 * @param violatedProperty the invariant or property TLC named, or null
 * @param states           the behaviour, state 1 first (a liveness lasso ends with its lasso state)
 */
public record TlcCounterexample(String origin, Path spec, Path config, List<Path> libraries, TlcOutcome outcome,
                                String violatedProperty, List<TlcTraceState> states) {

    public TlcCounterexample {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(outcome, "outcome");
        libraries = List.copyOf(libraries);
        states = List.copyOf(states);
        if (states.isEmpty()) {
            throw new IllegalArgumentException("a counterexample has at least one state");
        }
    }

    /** The root module's name, from the spec file; null when unknown. */
    public String moduleName() {
        if (spec == null) {
            return null;
        }
        String file = spec.getFileName().toString();
        return file.endsWith(".tla") ? file.substring(0, file.length() - 4) : file;
    }

    /** What TLC found, in words ("invariant NoThawWhileCheckpointing"). */
    public String violation() {
        return switch (outcome) {
            case INVARIANT_VIOLATED -> "invariant " + violatedProperty;
            case ACTION_PROPERTY_VIOLATED -> "action property " + violatedProperty;
            case TEMPORAL_PROPERTY_VIOLATED -> violatedProperty == null ? "a temporal property (liveness)"
                    : "temporal property " + violatedProperty;
            case DEADLOCK -> "deadlock (a state with no successor)";
            case ASSUMPTION_VIOLATED -> "assumption " + violatedProperty;
            case UNNAMED_VIOLATION -> "an invariant, an action property, a deadlock or an evaluation error"
                    + " (distributed TLC does not say which)";
            case OK, ERROR, TIMEOUT -> outcome.name();
        };
    }
}
