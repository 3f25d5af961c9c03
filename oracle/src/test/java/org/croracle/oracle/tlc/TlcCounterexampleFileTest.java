package org.croracle.oracle.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The counterexample file of ./cr tlc --save-trace, and TLC's own outputs read the same way. */
class TlcCounterexampleFileTest {

    /** {@code java tlc2.TLC ThawWhileCheckpointing} (TLC 2.18, no -tool), banner and timing trimmed. */
    static final String CONSOLE = """
            TLC2 Version 2.18 of 20 March 2023
            Parsing file /tmp/tlcraw/ThawWhileCheckpointing.tla
            Parsing file /work/specs/freeze/MCFreeze.tla
            Parsing file /work/specs/freeze/Freeze.tla
            Parsing file /tmp/tlcraw/Naturals.tla
            Parsing file /tmp/tlcraw/FiniteSets.tla
            Semantic processing of module Naturals
            Starting... (2026-11-29 03:18:06)
            Error: Invariant NoThawWhileCheckpointing is violated.
            Error: The behavior up to this point is:
            State 1: <Initial predicate>
            /\\ ckpt = 0
            /\\ freezer = "THAWED"
            /\\ tstate = << >>

            State 2: <WriteFrozen line 170, col 5 to line 172, col 33 of module Freeze>
            /\\ ckpt = 0
            /\\ freezer = "FREEZING"
            /\\ tstate = << >>

            State 3: <CheckpointBegin line 202, col 5 to line 205, col 23 of module Freeze>
            /\\ ckpt = 1
            /\\ freezer = "CHECKPOINTING"
            /\\ tstate = << >>

            State 4: <BuggyWriteThawed line 10, col 5 to line 12, col 21 of module ThawWhileCheckpointing>
            /\\ ckpt = 1
            /\\ freezer = "THAWED"
            /\\ tstate = << >>

            207 states generated, 51 distinct states found, 31 states left on queue.
            """;

    @Test
    void readsTlcsConsoleOutput() {
        assertTrue(TlcCounterexampleFile.looksLikeTlc(CONSOLE));
        TlcCounterexample c = TlcCounterexampleFile.parse(CONSOLE);
        assertEquals(TlcOutcome.INVARIANT_VIOLATED, c.outcome());
        assertEquals("NoThawWhileCheckpointing", c.violatedProperty());
        assertEquals(Path.of("/tmp/tlcraw/ThawWhileCheckpointing.tla"), c.spec());
        assertEquals("ThawWhileCheckpointing", c.moduleName());
        assertNull(c.config(), "TLC does not print the cfg: MODULE.cfg beside the module");
        assertEquals(List.of(Path.of("/work/specs/freeze")), c.libraries(), "the standard modules are no library");
        assertEquals(4, c.states().size());
        TlcTraceState last = c.states().get(3);
        assertEquals("BuggyWriteThawed", last.action());
        assertEquals("\"THAWED\"", last.variables().get("freezer"));
        assertEquals(List.of("ckpt", "freezer", "tstate"), List.copyOf(last.variables().keySet()));
    }

    @Test
    void whatItWritesItReadsBackLassoIncluded() {
        TlcRun run = interpret(RecordedTlcOutput.BACK_TO_STATE_LASSO);
        TlcCounterexample saved = new TlcCounterexample("saved by ./cr tlc --save-trace", Path.of("specs/x/Loop.tla"),
                Path.of("specs/x/Loop.cfg"), List.of(Path.of("specs/y")), run.outcome(), null, run.counterexample());
        String text = TlcCounterexampleFile.format(saved);
        assertTrue(text.startsWith(TlcCounterexampleFile.HEADER + "\n\\* spec: specs/x/Loop.tla\n"), text);
        assertTrue(text.contains("\nError: Temporal properties were violated.\n"), text);
        assertTrue(text.contains("\nState 2: Back to state: <Next line 6, col 9 to line 6, col 29 of module Loop>\n"), text);
        assertEquals(saved, TlcCounterexampleFile.parse(text));
    }

    @Test
    void readsToolOutputAndASingleVariableState() {
        TlcCounterexample lasso = TlcCounterexampleFile.parse(RecordedTlcOutput.STUTTERING_LASSO);
        assertEquals(TlcOutcome.TEMPORAL_PROPERTY_VIOLATED, lasso.outcome());
        assertTrue(lasso.states().get(lasso.states().size() - 1).stuttering());
        TlcCounterexample deadlock = TlcCounterexampleFile.parse(RecordedTlcOutput.SINGLE_VARIABLE_DEADLOCK);
        assertEquals(TlcOutcome.DEADLOCK, deadlock.outcome());
        assertEquals("2", deadlock.states().get(2).variables().get("y"));
        TlcCounterexample initial = TlcCounterexampleFile.parse(RecordedTlcOutput.INITIAL_STATE_VIOLATION);
        assertEquals(1, initial.states().size());
        assertEquals("SingleCheckpointer", initial.violatedProperty());
        assertEquals(initial.states(), TlcCounterexampleFile.parse(TlcCounterexampleFile.format(initial)).states());
    }

    @Test
    void outputWithoutAnErrorTraceIsRefusedInOneLine() {
        IllegalArgumentException ok = assertThrows(IllegalArgumentException.class,
                () -> TlcCounterexampleFile.parse(RecordedTlcOutput.SUCCESS));
        assertTrue(ok.getMessage().contains("no error trace") && ok.getMessage().contains("no error"), ok.getMessage());
        IllegalArgumentException console = assertThrows(IllegalArgumentException.class,
                () -> TlcCounterexampleFile.parse("TLC2 Version 2.18\nModel checking completed. No error has been found.\n"));
        assertFalse(console.getMessage().contains("\n"), console.getMessage());
        IllegalArgumentException noStates = assertThrows(IllegalArgumentException.class,
                () -> TlcCounterexampleFile.parse("Error: Invariant Inv is violated.\nState 1: <Initial predicate>\n\n"));
        assertTrue(noStates.getMessage().contains("no variables"), noStates.getMessage());
        assertFalse(TlcCounterexampleFile.looksLikeTlc("host fork a\na exit 0\n"));
    }

    private static TlcRun interpret(String output) {
        TlcOutputInterpreter in = new TlcOutputInterpreter(null);
        output.lines().forEach(in::accept);
        return in.finish(false, 0, Duration.ZERO, Duration.ofSeconds(1), "Loop", "Loop.cfg", output);
    }
}
