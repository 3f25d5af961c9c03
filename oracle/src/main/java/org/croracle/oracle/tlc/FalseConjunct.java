package org.croracle.oracle.tlc;

import java.util.List;

/**
 * Why an action does not allow a step, in the spec's words: the first of its conjuncts that is
 * false, found by evaluating them in order with TLC.
 *
 * @param text         the conjunct's source text on one line, e.g. {@code ~\E u \in DOMAIN task : task[u].pgid = t}
 * @param where        where it is written: {@code Eclone.tla line 371}
 * @param via          the conjuncts, outermost first, through which it was reached when it sits
 *                     in an operator the action applies (e.g. {@code Alive(t) (Eclone.tla line 370)}); empty when
 *                     it is a conjunct of the action itself
 * @param precondition the conjunct mentions no primed variable: the action is not enabled in the
 *                     state before the step (otherwise it is enabled and the step is not one it allows)
 * @param values       the values it is about, each {@code expression = value}: the action's
 *                     parameters, the variables, functions and operators it mentions in the state
 *                     before (after, for a primed one), and for a false {@code \A} or {@code ~\E}
 *                     the first binding of its variables that makes it false
 */
public record FalseConjunct(String text, String where, List<String> via, boolean precondition, List<String> values) {

    public FalseConjunct {
        via = List.copyOf(via);
        values = List.copyOf(values);
    }

    /** The explanation as lines for a divergence report, indented by {@code indent}. */
    public List<String> lines(String indent) {
        List<String> out = new java.util.ArrayList<>();
        for (String v : via) {
            out.add(indent + "in " + v + ":");
        }
        out.add(indent + "  " + text + "   (" + where + ")");
        if (!values.isEmpty()) {
            out.add(indent + "is false, where:");
            values.forEach(v -> out.add(indent + "  " + v));
        } else {
            out.add(indent + "is false");
        }
        return out;
    }
}
