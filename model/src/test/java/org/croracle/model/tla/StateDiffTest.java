package org.croracle.model.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.croracle.model.freeze.FreezeState;
import org.croracle.model.freeze.FreezerState;
import org.croracle.model.freeze.TaskFreezeState;
import org.junit.jupiter.api.Test;

class StateDiffTest {

    static FreezeState freeze(FreezerState f, Object... pidAndState) {
        TreeMap<Integer, TaskFreezeState> tasks = new TreeMap<>();
        for (int i = 0; i < pidAndState.length; i += 2) {
            tasks.put((Integer) pidAndState[i], (TaskFreezeState) pidAndState[i + 1]);
        }
        return new FreezeState(f, tasks, 0);
    }

    @Test
    void namesTheChangedVariablesAndFunctionEntries() {
        var before = freeze(FreezerState.FREEZING, 3, TaskFreezeState.RUNNING, 4, TaskFreezeState.RUNNING).toTla();
        var after = freeze(FreezerState.FROZEN, 3, TaskFreezeState.FROZEN, 5, TaskFreezeState.FROZEN).toTla();
        List<String> changes = StateDiff.between(before, after).stream().map(Object::toString).toList();
        assertEquals(List.of(
                "freezer: \"FREEZING\" -> \"FROZEN\"",
                "tstate[3]: \"running\" -> \"frozen\"",
                "tstate[4]: \"running\" -> (absent)",
                "tstate[5]: (absent) -> \"frozen\""), changes);
    }

    @Test
    void equalStatesHaveNoDiff() {
        var s = freeze(FreezerState.THAWED, 3, TaskFreezeState.ZOMBIE);
        assertEquals(List.of(), StateDiff.between(s.toTla(), s.toTla()));
    }

    @Test
    void freezeStateRoundTripsThroughTlaValues() {
        var s = freeze(FreezerState.CHECKPOINTING, 300, TaskFreezeState.FROZEN, 7, TaskFreezeState.ZOMBIE);
        assertEquals(s, FreezeState.fromTla(s.toTla()));
        assertEquals(FreezeState.EMPTY, FreezeState.fromTla(FreezeState.EMPTY.toTla()));
    }

    @Test
    void aTupleReadBackIsAFunctionOnOneToN() {
        Map<String, TlaValue> vars = new TreeMap<>(Map.of(
                "freezer", TlaValue.str("FROZEN"), "ckpt", TlaValue.of(1),
                "tstate", new TlaValue.Tuple(List.of(TlaValue.str("frozen"), TlaValue.str("zombie")))));
        assertEquals(freeze(FreezerState.FROZEN, 1, TaskFreezeState.FROZEN, 2, TaskFreezeState.ZOMBIE).tasks(),
                FreezeState.fromTla(vars).tasks());
    }

    @Test
    void formatIsTlaNotation() {
        assertEquals("(3 :> \"running\" @@ 7 :> \"zombie\")",
                TlaValues.format(freeze(FreezerState.THAWED, 7, TaskFreezeState.ZOMBIE, 3, TaskFreezeState.RUNNING)
                        .toTla().get("tstate")));
        assertEquals("{1, 2}", TlaValues.format(new TlaValue.Set(new java.util.TreeSet<>(TlaValues.ORDER) {{
            add(TlaValue.of(2));
            add(TlaValue.of(1));
        }})));
    }
}
