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
     * Why the named action with these arguments does not allow the step from {@code before} to
     * {@code after}: its first false conjunct (looked for in order, and inside the operators a
     * conjunct applies), in the spec's words, with the values it mentions. Empty when the action
     * allows the step, is not a conjunction, or cannot be evaluated.
     */
    java.util.Optional<FalseConjunct> falseConjunct(String name, List<TlaValue> args, Map<String, TlaValue> before,
                                                    Map<String, TlaValue> after);

    /**
     * The actions of a next-state relation that allow the step from {@code before} to
     * {@code after}, by name, each with every argument tuple (in the operator's parameter order)
     * that does, in the order the relation names them. The arguments come from the relation's own
     * quantifiers, their domains evaluated in {@code before}, so every step of a behaviour of the
     * spec is found whatever the number of parameters. {@code next} names the relation (an
     * operator such as {@code Next} or {@code BugNext}); null means the model's own (its NEXT or
     * SPECIFICATION). Empty when no action allows the step or it cannot be evaluated.
     */
    Map<String, List<List<TlaValue>>> actionsOfNext(String next, Map<String, TlaValue> before, Map<String, TlaValue> after);

    /**
     * The states the named action allows after {@code before} (at most {@code limit}), computed by
     * TLC: what the spec would have done where the implementation diverged.
     */
    List<Map<String, TlaValue>> successors(String name, List<TlaValue> args, Map<String, TlaValue> before, int limit);

    /**
     * The value of a (non-action) operator of the spec with these arguments in {@code state}, for
     * example what CloneErrno(c, b, cp, r) is there; empty if it cannot be evaluated.
     */
    java.util.Optional<TlaValue> evaluate(String name, List<TlaValue> args, Map<String, TlaValue> state);

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

    /**
     * The argument tuples, each drawn from {@code candidates} in the operator's parameter order,
     * with which the named action allows this step (one empty tuple for an action without
     * parameters). Empty when none does, when the spec has no such operator, or when there are
     * too many tuples to try. TLC 2.18 names the action of each state of a counterexample but not
     * its arguments: this finds them again.
     */
    List<List<TlaValue>> argumentsAllowing(String action, List<TlaValue> candidates,
                                           Map<String, TlaValue> before, Map<String, TlaValue> after);

    /**
     * The actions a step that TLC labels only {@code next} may be: the user-defined action
     * operators that {@code next}'s body applies as disjuncts (through \\/, \\E, IF, CASE, LET,
     * and the operators named ...Next it applies in turn), by name, in the order they appear.
     * TLC names a step after the whole {@code Next} when its quantifier ranges over a set that
     * depends on the state.
     */
    List<String> disjunctActions(String next);

    @Override
    void close();
}
