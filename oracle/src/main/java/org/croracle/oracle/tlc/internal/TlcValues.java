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
        return sortedFunction(convert(f.mapping().keySet()), convert(f.mapping().values()));
    }

    /**
     * {@code v} in TLC's classes, reusing what {@code previous} (an earlier value of the same
     * variable) was converted to wherever the two agree: a function's entries that did not change
     * keep their TLC objects. A step changes a task or two of a whole function of tasks; the rest is
     * not converted again, and what TLC remembered about an unchanged entry (an operator applied
     * to it) is found again by identity.
     */
    static Value toTlc(TlaValue v, TlaValue previous, Value previousTlc) {
        if (!(v instanceof TlaValue.Function f) || !(previous instanceof TlaValue.Function p)
                || !(previousTlc instanceof FcnRcdValue old) || old.domain == null
                || old.domain.length != p.mapping().size()) {
            return toTlc(v);
        }
        // The previous function's TLC range, entry by entry in our order (TLC sorted its domain by
        // its own order, which may differ from ours for keys other than integers).
        Map<TlaValue, Value> reuse = new java.util.HashMap<>();
        Value[] oldDomain = old.domain;
        Value[] oldRange = old.values;
        int i = 0;
        for (Map.Entry<TlaValue, TlaValue> e : p.mapping().entrySet()) {
            TlaValue now = f.mapping().get(e.getKey());
            if (now != null && (now == e.getValue() || now.equals(e.getValue()))) {
                Value key = toTlc(e.getKey());
                int at = indexOf(oldDomain, key, i);
                if (at >= 0) {
                    reuse.put(e.getKey(), oldRange[at]);
                }
            }
            i++;
        }
        Value[] domain = convert(f.mapping().keySet());
        Value[] range = new Value[domain.length];
        int j = 0;
        for (Map.Entry<TlaValue, TlaValue> e : f.mapping().entrySet()) {
            Value kept = reuse.get(e.getKey());
            range[j++] = kept != null ? kept : toTlc(e.getValue());
        }
        return sortedFunction(domain, range);
    }

    /** Where {@code key} is in TLC's domain array, looking at {@code hint} first (the same order, for integer keys). */
    private static int indexOf(Value[] domain, Value key, int hint) {
        if (hint < domain.length && domain[hint].equals(key)) {
            return hint;
        }
        for (int k = 0; k < domain.length; k++) {
            if (domain[k].equals(key)) {
                return k;
            }
        }
        return -1;
    }

    private static FcnRcdValue sortedFunction(Value[] domain, Value[] range) {
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
