package org.croracle.model.freeze;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;

/**
 * The abstract state of one freezer cgroup, the variables of {@code specs/freeze/Freeze.tla}:
 * {@code freezer} (the cgroup's state), {@code tstate} (each member task, by global pid, zombies
 * included) and {@code ckpt} (checkpoints holding the cgroup).
 */
public record FreezeState(FreezerState freezer, SortedMap<Integer, TaskFreezeState> tasks, int checkpoints) {

    public static final String VAR_FREEZER = "freezer";
    public static final String VAR_TSTATE = "tstate";
    public static final String VAR_CKPT = "ckpt";

    /** The state of a cgroup with no task yet: Freeze.tla's Init. */
    public static final FreezeState EMPTY = new FreezeState(FreezerState.THAWED, new TreeMap<>(), 0);

    public FreezeState {
        tasks = Collections.unmodifiableSortedMap(new TreeMap<>(tasks));
    }

    /** The spec's variables. */
    public Map<String, TlaValue> toTla() {
        Map<TlaValue, TlaValue> tstate = new LinkedHashMap<>();
        tasks.forEach((pid, st) -> tstate.put(TlaValue.of(pid), TlaValue.str(st.specName())));
        return TlaValue.state(Map.of(
                VAR_FREEZER, TlaValue.str(freezer.name()),
                VAR_TSTATE, TlaValues.function(tstate),
                VAR_CKPT, TlaValue.of(checkpoints)));
    }

    /** Reads the spec's variables back; fails on a value that is not of Freeze.tla's types. */
    public static FreezeState fromTla(Map<String, TlaValue> vars) {
        FreezerState freezer = FreezerState.valueOf(((TlaValue.Str) require(vars, VAR_FREEZER)).value());
        TreeMap<Integer, TaskFreezeState> tasks = new TreeMap<>();
        TlaValue tstate = require(vars, VAR_TSTATE);
        if (tstate instanceof TlaValue.Function f) {
            f.mapping().forEach((k, v) -> tasks.put(((TlaValue.Int) k).value(),
                    TaskFreezeState.fromSpecName(((TlaValue.Str) v).value())));
        } else if (tstate instanceof TlaValue.Tuple t) {
            // TLC prints a function whose domain is 1..n as a tuple.
            for (int i = 0; i < t.elements().size(); i++) {
                tasks.put(i + 1, TaskFreezeState.fromSpecName(((TlaValue.Str) t.elements().get(i)).value()));
            }
        } else {
            throw new IllegalArgumentException("tstate is not a function: " + tstate);
        }
        int ckpt = ((TlaValue.Int) require(vars, VAR_CKPT)).value();
        return new FreezeState(freezer, tasks, ckpt);
    }

    private static TlaValue require(Map<String, TlaValue> vars, String name) {
        TlaValue v = vars.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no variable " + name + " in " + vars.keySet());
        }
        return v;
    }
}
