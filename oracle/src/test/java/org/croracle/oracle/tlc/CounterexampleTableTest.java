package org.croracle.oracle.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterexampleTableTest {

    private static Map<String, String> vars(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void initialStateShowsAllVariablesThenOnlyChanges() {
        List<TlcTraceState> trace = List.of(
                new TlcTraceState(1, "Initial predicate", "", vars("ckpt", "0", "freezer", "\"THAWED\""), false, 0),
                new TlcTraceState(2, "WriteFrozen", "line 144, col 5 to line 146, col 33 of module Freeze",
                        vars("ckpt", "0", "freezer", "\"FREEZING\""), false, 0),
                new TlcTraceState(3, "CheckpointBegin", "line 176, col 5 to line 179, col 23 of module Freeze",
                        vars("ckpt", "1", "freezer", "\"CHECKPOINTING\""), false, 0),
                new TlcTraceState(4, "Syscall", "", vars("ckpt", "1", "freezer", "\"CHECKPOINTING\""), false, 0));
        String expected = """
                step  action             changes
                ----  -----------------  -------
                   1  Initial predicate  ckpt: 0
                                         freezer: "THAWED"
                   2  WriteFrozen        freezer: "THAWED" -> "FREEZING"
                   3  CheckpointBegin    ckpt: 0 -> 1
                                         freezer: "FREEZING" -> "CHECKPOINTING"
                   4  Syscall            (no change)
                """;
        assertEquals(expected, CounterexampleTable.render(trace));
    }

    @Test
    void lassoEndsAreSpelledOut() {
        Map<String, String> a = vars("x", "0");
        Map<String, String> b = vars("x", "1");
        String stutter = CounterexampleTable.render(List.of(
                new TlcTraceState(1, "Initial predicate", "", a, false, 0),
                new TlcTraceState(2, "Inc", "line 5, col 8 to line 5, col 40 of module Lasso", b, false, 0),
                new TlcTraceState(3, "Stuttering", "", b, true, 0)));
        assertTrue(stutter.endsWith("   3  Stuttering         stutters forever\n"), stutter);
        String back = CounterexampleTable.render(List.of(
                new TlcTraceState(1, "Initial predicate", "", a, false, 0),
                new TlcTraceState(2, "Inc", "", b, false, 0),
                new TlcTraceState(3, "Inc", "", a, false, 1)));
        assertTrue(back.endsWith("   3  Inc                back to state 1\n"), back);
    }

    @Test
    void recordedTraceKeepsColumnsAlignedAndValuesOnOneLine() {
        TlcOutputInterpreter i = new TlcOutputInterpreter(p -> { });
        RecordedTlcOutput.BACK_TO_STATE_LASSO.lines().forEach(i::accept);
        TlcRun run = i.finish(false, 13, Duration.ZERO, Duration.ofSeconds(1), "Loop", "Loop.cfg", "");
        String table = CounterexampleTable.render(run.counterexample());
        List<String> lines = table.lines().toList();
        // header, rule, 2 lines for the initial state, 3 steps with one change each, the lasso end
        assertEquals(2 + 2 + 3 + 1, lines.size(), table);
        int column = lines.get(0).indexOf("changes");
        for (String l : lines.subList(2, lines.size())) {
            assertTrue(l.length() > column && l.charAt(column - 1) == ' ' && l.charAt(column) != ' ', table);
        }
        assertTrue(lines.get(3).contains("big: << [name |-> \"a fairly long string value\", set |-> {1, 2}], [name"),
                table);
        assertTrue(lines.get(4).endsWith("x: 0 -> 1"), table);
        assertTrue(lines.get(7).endsWith("back to state 2"), table);
    }

    @Test
    void emptyTrace() {
        assertEquals("(no counterexample)\n", CounterexampleTable.render(List.of()));
    }
}
