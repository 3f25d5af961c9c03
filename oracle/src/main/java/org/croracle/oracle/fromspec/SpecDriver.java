package org.croracle.oracle.fromspec;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.croracle.impl.syscall.Kernel;
import org.croracle.model.tla.TlaValue;
import org.croracle.oracle.trace.SpecAction;

/**
 * How one spec's behaviours become implementation calls (from the spec to the implementation): the
 * spec's steps as candidates (mirroring the quantifiers of its Next, over the model's constants),
 * and per behaviour a {@link Realizer} that makes each step happen on a fresh kernel.
 */
public interface SpecDriver {

    /** The suite name (freeze, eclone). */
    String spec();

    /** The spec's initial state under the generating model's constants. */
    Map<String, TlaValue> initialState();

    /** Every (action, arguments) that Next could take from {@code state}; TLC decides which are enabled. */
    List<SpecAction> candidates(Map<String, TlaValue> state);

    /**
     * A candidate made concrete: where Next computes an argument from the state (the pid vector a
     * clone gets, the errno a failing call returns), the driver asks TLC ({@code model}) for it here,
     * so that only the candidates the generator tries are evaluated. The default: as it is.
     */
    default SpecAction resolve(SpecAction candidate, Map<String, TlaValue> state, org.croracle.oracle.tlc.SpecOracle model) {
        return candidate;
    }

    /**
     * The operator of the generating model whose successor states are the action's: a spec whose
     * Next conjoins more to each action (a history, the rest of the state left unchanged) has a
     * generating module that names each action so conjoined. The default: the action itself.
     */
    default String generator(String action) {
        return action;
    }

    /** A fresh kernel for one behaviour. */
    Realizer start();

    /**
     * The action is a stutter the bound instance sees no kernel step for (the final stutter once
     * the call returned): its realization must leave the instance's steps unmatched and its state
     * as it was. The default: none is.
     */
    default boolean stutter(String action) {
        return false;
    }

    /**
     * How many initial states the driver knows (a spec whose Init chooses a world, such as the
     * objects a checkpoint finds, has one per world it builds); {@link #start(int)} starts each.
     */
    default int initialStates() {
        return 1;
    }

    /**
     * Whether the exhaustive part searches initial state {@code init} (random walks start from
     * every one): a world whose outside acts freely has too many behaviours to search to any
     * useful depth, and is left to the walks. The default: every one is searched.
     */
    default boolean searchedExhaustively(int init) {
        return true;
    }

    /** A fresh kernel for one behaviour from initial state {@code init} (0 .. initialStates() - 1). */
    default Realizer start(int init) {
        return start();
    }

    /** One behaviour's kernel and its identity map from spec ids to kernel objects. */
    interface Realizer {

        Kernel kernel();

        /** The instance of the bound spec that this behaviour drives (the freezer cgroup, ...). */
        String instance();

        /**
         * Null if the kernel's API can make this spec step happen now (with the identities
         * mapped), else why not: the spec leaves a choice the kernel makes otherwise (a task's
         * parent, which namespace it lives in), so the generator picks another step.
         */
        String unsteerable(SpecAction action, Map<String, TlaValue> before);

        /**
         * Makes the step happen: one or more kernel calls (an extra call that the spec sees as a
         * stutter is allowed). Null if every call answered what the spec's step implies, else what
         * went wrong (the kernel refused a step the spec took: a divergence).
         */
        String realize(SpecAction action, Map<String, TlaValue> before, Map<String, TlaValue> after, SplittableRandom random);

        /**
         * The behaviour's first spec state, asked once, after the refinement checker is attached to
         * {@link #kernel()}; null for the driver's {@link SpecDriver#initialState()}. A driver whose
         * instance is made by a kernel step (a checkpoint's context) makes it here.
         */
        default Map<String, TlaValue> initialState() {
            return null;
        }

        /** The kernel's abstract state for {@link #instance()}, with kernel identities renamed to the spec's. */
        Map<String, TlaValue> abstractState();
    }
}
