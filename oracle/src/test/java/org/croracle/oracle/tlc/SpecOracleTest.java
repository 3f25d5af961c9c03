package org.croracle.oracle.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.croracle.model.freeze.FreezeState;
import org.croracle.model.freeze.FreezerState;
import org.croracle.model.freeze.TaskFreezeState;
import org.croracle.model.tla.TlaValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process oracle against the real Freeze spec. */
class SpecOracleTest {

    static SpecOracle freeze;

    static Path specs() {
        return Path.of(System.getProperty("cr.specs", "../specs")).toAbsolutePath().normalize();
    }

    @BeforeAll
    static void load() {
        freeze = SpecOracles.load(specs().resolve("freeze"), "OracleFreeze", "OracleFreeze.cfg", List.of());
    }

    @AfterAll
    static void close() {
        freeze.close();
    }

    static Map<String, TlaValue> state(FreezerState f, int ckpt, Object... pidAndState) {
        TreeMap<Integer, TaskFreezeState> tasks = new TreeMap<>();
        for (int i = 0; i < pidAndState.length; i += 2) {
            tasks.put((Integer) pidAndState[i], (TaskFreezeState) pidAndState[i + 1]);
        }
        return new FreezeState(f, tasks, ckpt).toTla();
    }

    @Test
    void temporalPropertiesAreTheLivenessOnesOnly() {
        // MCFreeze.cfg lists two [][A]_v properties and two leads-to properties.
        try (SpecOracle mc = SpecOracles.load(specs().resolve("freeze"), "MCFreeze", "MCFreeze.cfg", List.of())) {
            assertEquals(List.of("FreezeCompletes", "CheckpointReturns"), mc.temporalPropertyNames());
        }
        try (SpecOracle safety = SpecOracles.load(specs().resolve("freeze"), "MCFreeze", "MCFreezeSafety.cfg",
                List.of())) {
            assertEquals(List.of(), safety.temporalPropertyNames());
        }
        assertEquals(List.of(), freeze.temporalPropertyNames());
    }

    @Test
    void initHoldsOnlyForTheEmptyThawedCgroup() {
        assertTrue(freeze.init(FreezeState.EMPTY.toTla()).holds());
        assertFalse(freeze.init(state(FreezerState.FREEZING, 0)).holds());
        assertFalse(freeze.init(state(FreezerState.THAWED, 0, 5, TaskFreezeState.RUNNING)).holds());
    }

    @Test
    void namedActionWithArgumentsDecidesTheStep() {
        var before = state(FreezerState.FREEZING, 0, 300, TaskFreezeState.RUNNING);
        var frozenChild = state(FreezerState.FREEZING, 0, 300, TaskFreezeState.RUNNING, 301, TaskFreezeState.FROZEN);
        var runningChild = state(FreezerState.FREEZING, 0, 300, TaskFreezeState.RUNNING, 301, TaskFreezeState.RUNNING);
        List<TlaValue> args = List.of(TlaValue.of(300), TlaValue.of(301));
        assertTrue(freeze.action("Fork", args, before, frozenChild).holds());
        assertFalse(freeze.action("Fork", args, before, runningChild).holds(), "a child of a freezing cgroup is frozen at birth");
        assertFalse(freeze.action("Fork", List.of(TlaValue.of(301), TlaValue.of(300)), before, frozenChild).holds());
        assertFalse(freeze.action("NoSuchAction", List.of(), before, before).holds());
        assertFalse(freeze.action("Fork", List.of(TlaValue.of(1)), before, before).holds(), "wrong arity");
    }

    @Test
    void reapByOutsideUsesTheModelValue() {
        var before = state(FreezerState.THAWED, 0, 7, TaskFreezeState.ZOMBIE);
        var after = state(FreezerState.THAWED, 0);
        assertTrue(freeze.action("Reap", List.of(new TlaValue.ModelValue("Outside"), TlaValue.of(7)), before, after).holds());
    }

    @Test
    void invariantsAreNamed() {
        assertEquals(List.of(), freeze.violatedInvariants(state(FreezerState.FROZEN, 0, 3, TaskFreezeState.FROZEN)));
        assertEquals(List.of("FrozenMeansAllFrozen"),
                freeze.violatedInvariants(state(FreezerState.FROZEN, 0, 3, TaskFreezeState.RUNNING)));
        assertTrue(freeze.invariantNames().contains("SingleCheckpointer"));
    }

    @Test
    void actionsAllowingNamesTheMatchingDisjuncts() {
        var before = state(FreezerState.THAWED, 0, 3, TaskFreezeState.RUNNING);
        var after = state(FreezerState.FREEZING, 0, 3, TaskFreezeState.RUNNING);
        assertEquals(List.of("WriteFrozen"), freeze.actionsAllowing(List.of("Exit", "WriteFrozen", "Settle"),
                List.of(TlaValue.of(3), new TlaValue.ModelValue("Outside")), before, after));
        var exited = state(FreezerState.THAWED, 0, 3, TaskFreezeState.ZOMBIE);
        assertEquals(List.of("Exit(3)"), freeze.actionsAllowing(List.of("Exit", "WriteFrozen", "Syscall"),
                List.of(TlaValue.of(3), TlaValue.of(4)), before, exited));
    }

    @Test
    void aSecondSpecInTheSameJvmDoesNotDisturbTheFirst(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Other.tla"), """
                ---- MODULE Other ----
                EXTENDS Naturals
                VARIABLES x
                Init == x = 0
                Inc(n) == x' = x + n
                Next == Inc(1)
                Small == x < 10
                ====
                """);
        Files.writeString(dir.resolve("Other.cfg"), "INIT Init\nNEXT Next\nINVARIANT Small\n");
        try (SpecOracle other = SpecOracles.load(dir, "Other", "Other.cfg", List.of())) {
            assertTrue(other.action("Inc", List.of(TlaValue.of(2)), Map.of("x", TlaValue.of(1)), Map.of("x", TlaValue.of(3))).holds());
            assertEquals(List.of("Small"), other.violatedInvariants(Map.of("x", TlaValue.of(12))));
            // the freeze oracle still works with its own variables
            assertTrue(freeze.init(FreezeState.EMPTY.toTla()).holds());
        }
    }

    @Test
    void aSpecThatDoesNotParseIsALoadErrorNamingTheModule(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Broken.tla"), "---- MODULE Broken ----\nVARIABLES x\nInit == x = = 0\n====\n");
        Files.writeString(dir.resolve("Broken.cfg"), "INIT Init\nNEXT Init\n");
        SpecLoadException e = assertThrows(SpecLoadException.class,
                () -> SpecOracles.load(dir, "Broken", "Broken.cfg", List.of()));
        assertTrue(e.getMessage().contains("Broken"), e.getMessage());
        assertThrows(SpecLoadException.class, () -> SpecOracles.load(dir, "Missing", "Broken.cfg", List.of()));
    }
}
