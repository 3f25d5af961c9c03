package org.croracle.oracle.tlc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;
import org.junit.jupiter.api.Test;

import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.Value;

/** A function converted next to its previous value is TLC's same value, and keeps the unchanged entries' objects. */
class TlcValuesTest {

    private static TlaValue task(int pid, int sid) {
        return TlaValues.record(Map.of("sid", TlaValue.of(sid), "pids", TlaValues.intTuple(java.util.List.of(pid))));
    }

    @Test
    void anIncrementalConversionEqualsAWholeOneAndReusesUnchangedEntries() {
        SplittableRandom random = new SplittableRandom(3);
        Map<Integer, Integer> sids = new LinkedHashMap<>();
        TlaValue previous = null;
        Value previousTlc = null;
        for (int step = 0; step < 300; step++) {
            // a step adds, removes or changes one task, as a kernel step does
            int pid = 1 + random.nextInt(12);
            switch (random.nextInt(3)) {
                case 0 -> sids.remove(pid);
                default -> sids.put(pid, random.nextInt(4));
            }
            Map<TlaValue, TlaValue> mapping = new LinkedHashMap<>();
            sids.forEach((p, s) -> mapping.put(TlaValue.of(p), task(p, s)));
            TlaValue now = TlaValues.function(mapping);
            Value whole = TlcValues.toTlc(now);
            Value incremental = previous == null ? whole : TlcValues.toTlc(now, previous, previousTlc);
            assertEquals(0, whole.compareTo(incremental), "step " + step);
            assertEquals(whole.fingerPrint(0L), incremental.fingerPrint(0L));
            if (previous instanceof TlaValue.Function p && incremental instanceof FcnRcdValue f
                    && previousTlc instanceof FcnRcdValue old) {
                for (int i = 0; i < f.domain.length; i++) {
                    TlaValue key = TlaValue.of(((tlc2.value.impl.IntValue) f.domain[i]).val);
                    TlaValue before = p.mapping().get(key);
                    if (before != null && before.equals(((TlaValue.Function) now).mapping().get(key))) {
                        int at = java.util.Arrays.asList(old.domain).indexOf(f.domain[i]);
                        assertSame(old.values[at], f.values[i], "unchanged task " + key + " keeps its TLC object");
                    } else {
                        for (Value v : old.values) {
                            assertNotSame(v, f.values[i], "a changed or new task " + key + " is converted anew");
                        }
                    }
                }
            }
            previous = now;
            previousTlc = incremental;
        }
    }
}
