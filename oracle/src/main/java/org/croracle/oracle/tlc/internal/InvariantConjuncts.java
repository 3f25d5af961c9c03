package org.croracle.oracle.tlc.internal;

import java.util.ArrayList;
import java.util.List;

import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.SemanticNode;
import tlc2.tool.Action;
import tlc2.tool.EvalControl;
import tlc2.tool.TLCState;
import tlc2.tool.impl.MemoizingTool;
import tlc2.util.Context;
import tlc2.value.IValue;
import tlc2.value.impl.BoolValue;
import util.UniqueString;

/**
 * One invariant, checked conjunct by conjunct as TLC checks it (in order, the first false one
 * decides), where a conjunct that held in a state whose variables it reads had the same values
 * (the same TLC objects) holds again without being evaluated: it is a state predicate, a function of those values. A
 * step of Eclone that changes only the history leaves TypeOK's conjuncts about the pid space
 * true; a step of SharedObjects never changes the world its invariants walk.
 */
final class InvariantConjuncts {

    private final MemoizingTool tool;
    private final Context context;
    private final List<Conjunct> conjuncts = new ArrayList<>();

    InvariantConjuncts(MemoizingTool tool, StateFunctions functions, Action invariant) {
        this.tool = tool;
        this.context = invariant.con;
        split(invariant.pred, functions);
    }

    /** Whether the invariant holds in {@code state}; throws what TLC throws when it cannot evaluate it. */
    boolean hold(TLCState state) {
        for (Conjunct c : conjuncts) {
            if (!c.holds(state)) {
                return false;
            }
        }
        return true;
    }

    /** The conjunction's members, through nested conjunctions (/\ lists and infix /\). */
    private void split(SemanticNode node, StateFunctions functions) {
        if (node instanceof OpApplNode appl) {
            String op = appl.getOperator().getName().toString();
            if (op.equals("$ConjList") || op.equals("\\land")) {
                for (SemanticNode arg : appl.getArgs()) {
                    split(arg, functions);
                }
                return;
            }
        }
        StateFunctions.Reads reads = functions.of(node);
        conjuncts.add(new Conjunct(node, reads.determined() ? reads.names().toArray(UniqueString[]::new) : null));
    }

    private final class Conjunct {
        final SemanticNode expr;
        /** The variables it reads; null when its value is not determined by them (never remembered). */
        final UniqueString[] reads;
        /** Their values in the last state where it held; null before it first held. */
        IValue[] heldWith;

        Conjunct(SemanticNode expr, UniqueString[] reads) {
            this.expr = expr;
            this.reads = reads;
        }

        boolean holds(TLCState state) {
            if (heldWith != null && sameValues(state)) {
                return true;
            }
            IValue v = tool.eval(expr, context, state, TLCState.Empty, EvalControl.Clear);
            if (!(v instanceof BoolValue b)) {
                throw new IllegalStateException("an invariant's conjunct evaluated to " + v + ", not a Boolean");
            }
            if (b.val && reads != null) {
                IValue[] now = new IValue[reads.length];
                for (int i = 0; i < reads.length; i++) {
                    now[i] = state.lookup(reads[i]);
                }
                heldWith = now;
            }
            return b.val;
        }

        /**
         * The same values, by identity: the step oracle gives a variable a step left unchanged the
         * TLC object it had, and comparing a changed value by content would cost a walk of it.
         */
        private boolean sameValues(TLCState state) {
            for (int i = 0; i < reads.length; i++) {
                if (state.lookup(reads[i]) != heldWith[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
