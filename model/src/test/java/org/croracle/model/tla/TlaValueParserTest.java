package org.croracle.model.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TlaValueParserTest {

    @Test
    void readsWhatTlcPrintsInACounterexample() {
        // Eclone's task variable as TLC 2.18 printed it (a function on 1..2 prints as a tuple).
        TlaValue task = TlaValueParser.parse("""
                << [ ns |-> 0,
                     pids |-> <<1>>,
                     parent |-> NoTask,
                     state |-> "alive",
                     priv |-> TRUE ],
                   [ ns |-> 1, pids |-> <<2, 1>>, parent |-> 1, state |-> "alive", priv |-> FALSE ] >>""");
        TlaValue.Tuple t = (TlaValue.Tuple) task;
        TlaValue.Record second = (TlaValue.Record) t.elements().get(1);
        assertEquals(TlaValue.of(1), second.fields().get("parent"));
        assertEquals(new TlaValue.ModelValue("NoTask"), ((TlaValue.Record) t.elements().get(0)).fields().get("parent"));
        assertEquals(TlaValues.intTuple(List.of(2, 1)), second.fields().get("pids"));
        assertEquals(TlaValue.of(false), second.fields().get("priv"));
    }

    @Test
    void functionsSetsIntervalsAndStrings() {
        assertEquals(TlaValues.function(Map.of(TlaValue.of(3), TlaValue.str("running"), TlaValue.of(7), TlaValue.str("zombie"))),
                TlaValueParser.parse("(3 :> \"running\" @@ 7 :> \"zombie\")"));
        assertEquals(TlaValues.intSet(List.of(1, 2, 3)), TlaValueParser.parse("1..3"));
        assertEquals(TlaValues.intSet(List.of(-1, 2)), TlaValueParser.parse("{2, -1}"));
        assertEquals(new TlaValue.Tuple(List.of()), TlaValueParser.parse("<< >>"));
        assertEquals(new TlaValue.Set(new java.util.TreeSet<>(TlaValues.ORDER)), TlaValueParser.parse("{}"));
        assertEquals(TlaValue.str("a \"q\" \\ b"), TlaValueParser.parse("\"a \\\"q\\\" \\\\ b\""));
    }

    @Test
    void whatItPrintsItReadsBack() {
        TlaValue v = TlaValues.function(Map.of(TlaValue.of(0), TlaValues.record(Map.of("last", TlaValue.of(2),
                "kids", TlaValues.intSet(List.of(4, 5)), "name", TlaValue.str("x")))));
        assertEquals(v, TlaValueParser.parse(TlaValues.format(v)));
    }

    @Test
    void somethingElseIsRefusedWithItsOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlaValueParser.parse("[x \\in 1..2 |-> x]"));
        assertTrue(e.getMessage().contains("offset 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TlaValueParser.parse("<<1, 2"));
        assertThrows(IllegalArgumentException.class, () -> TlaValueParser.parse("1 2"));
    }
}
