package org.croracle.oracle.tlc.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;

import tlc2.value.impl.BoolValue;
import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.ModelValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;
import util.UniqueString;

/** Conversion between our {@link TlaValue}s and TLC's value classes. */
final class TlcValues {
    private TlcValues() {}

    static Value toTlc(TlaValue v) {
        if (v instanceof TlaValue.Int i) {
            return IntValue.gen(i.value());
        } else if (v instanceof TlaValue.Bool b) {
            return b.value() ? BoolValue.ValTrue : BoolValue.ValFalse;
        } else if (v instanceof TlaValue.Str s) {
            return new StringValue(s.value());
        } else if (v instanceof TlaValue.ModelValue m) {
            return ModelValue.make(m.name());
        } else if (v instanceof TlaValue.Set s) {
            return (Value) new SetEnumValue(convert(s.elements()), false).normalize();
        } else if (v instanceof TlaValue.Tuple t) {
            return new TupleValue(convert(t.elements()));
        } else if (v instanceof TlaValue.Record r) {
            UniqueString[] names = r.fields().keySet().stream().map(UniqueString::uniqueStringOf)
                    .toArray(UniqueString[]::new);
            return (Value) new RecordValue(names, convert(r.fields().values()), false).normalize();
        }
        TlaValue.Function f = (TlaValue.Function) v;
        // An explicit, sorted domain array: FcnRcdValue over an IntervalValue domain updates the
        // wrong slot on EXCEPT in this TLC build (tlc-in-process.md, pitfall 3).
        Value[] domain = convert(f.mapping().keySet());
        Value[] range = convert(f.mapping().values());
        Integer[] order = new Integer[domain.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> domain[a].compareTo(domain[b]));
        Value[] sortedDomain = new Value[domain.length];
        Value[] sortedRange = new Value[domain.length];
        for (int i = 0; i < order.length; i++) {
            sortedDomain[i] = domain[order[i]];
            sortedRange[i] = range[order[i]];
        }
        return new FcnRcdValue(sortedDomain, sortedRange, true);
    }

    private static Value[] convert(Iterable<TlaValue> values) {
        List<Value> out = new ArrayList<>();
        values.forEach(v -> out.add(toTlc(v)));
        return out.toArray(Value[]::new);
    }

    /** TLC's value back to ours (for values TLC computed, for example in counterexamples). */
    static TlaValue fromTlc(Value v) {
        if (v instanceof IntValue i) {
            return TlaValue.of(i.val);
        } else if (v instanceof BoolValue b) {
            return TlaValue.of(b.val);
        } else if (v instanceof StringValue s) {
            return TlaValue.str(s.getVal().toString());
        } else if (v instanceof ModelValue m) {
            return new TlaValue.ModelValue(m.val.toString());
        } else if (v instanceof TupleValue t) {
            List<TlaValue> elems = new ArrayList<>();
            for (Value e : t.elems) {
                elems.add(fromTlc(e));
            }
            return new TlaValue.Tuple(elems);
        } else if (v instanceof RecordValue r) {
            Map<String, TlaValue> fields = new LinkedHashMap<>();
            for (int i = 0; i < r.names.length; i++) {
                fields.put(r.names[i].toString(), fromTlc(r.values[i]));
            }
            return new TlaValue.Record(new TreeMap<>(fields));
        } else if (v instanceof FcnRcdValue f) {
            Map<TlaValue, TlaValue> mapping = new LinkedHashMap<>();
            for (int i = 0; i < f.values.length; i++) {
                TlaValue key = f.domain != null ? fromTlc(f.domain[i]) : TlaValue.of(f.intv.low + i);
                mapping.put(key, fromTlc(f.values[i]));
            }
            return TlaValues.function(mapping);
        }
        Value asSet = v.toSetEnum();
        if (asSet instanceof SetEnumValue s) {
            TreeSet<TlaValue> elems = new TreeSet<>(TlaValues.ORDER);
            for (Value e : s.elems.toArray()) {
                elems.add(fromTlc(e));
            }
            return new TlaValue.Set(elems);
        }
        Value asFcn = v.toFcnRcd();
        if (asFcn instanceof FcnRcdValue f) {
            return fromTlc(f);
        }
        throw new IllegalArgumentException("cannot convert TLC value " + v);
    }
}
