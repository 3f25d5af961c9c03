package org.croracle.oracle.tlc;

import java.util.List;
import java.util.Map;

import org.croracle.model.tla.TlaValue;

/**
 * One TLA+ spec loaded into TLC, in-process, answering questions about abstract states. States
 * are the spec's variables by name. Implementations are not thread-safe: one oracle per thread.
 */
public interface SpecOracle extends AutoCloseable {

    /** The root module this oracle loaded. */
    String moduleName();

    /** Does {@code state} satisfy the spec's Init? */
    Verdict init(Map<String, TlaValue> state);

    /**
     * Does the step from {@code before} to {@code after} satisfy the named action operator with
     * these arguments (in the operator's parameter order)?
     */
    Verdict action(String name, List<TlaValue> args, Map<String, TlaValue> before, Map<String, TlaValue> after);

    /**
     * The states the named action allows after {@code before} (at most {@code limit}), computed by
     * TLC: what the spec would have done where the implementation diverged.
     */
    List<Map<String, TlaValue>> successors(String name, List<TlaValue> args, Map<String, TlaValue> before, int limit);

    /** The names of the configured invariants that {@code state} violates (empty when all hold). */
    List<String> violatedInvariants(Map<String, TlaValue> state);

    /** The configured invariants, by name. */
    List<String> invariantNames();

    /**
     * The configured PROPERTIES that need TLC's liveness checker (temporal formulas such as
     * {@code P ~> Q}), by name; {@code [][A]_v} properties are not among them (TLC checks those
     * step by step, like invariants).
     */
    List<String> temporalPropertyNames();

    /**
     * Which of the named actions, applied to any tuple of the candidate arguments, allow this step,
     * for example {@code Refrigerate(301)}. Tries every combination: meant for explaining a failure,
     * not for checking every step. (TLC's own split of Next is not used: with the oracle's large
     * constant sets it expands into tens of thousands of actions.)
     */
    List<String> actionsAllowing(List<String> actionNames, List<TlaValue> candidates,
                                 Map<String, TlaValue> before, Map<String, TlaValue> after);

    @Override
    void close();
}
