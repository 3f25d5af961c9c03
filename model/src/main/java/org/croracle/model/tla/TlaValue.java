package org.croracle.model.tla;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * A TLA+ value, as the specs' variables hold them. The model module describes abstract states with
 * these values only, so that it does not depend on TLC; {@code org.croracle.oracle.tlc} maps them
 * to TLC's own value classes and back. Sets and function domains are kept sorted (by
 * {@link TlaValues#ORDER}) so that equal values are equal Java objects.
 */
public sealed interface TlaValue permits TlaValue.Int, TlaValue.Bool, TlaValue.Str, TlaValue.ModelValue,
        TlaValue.Set, TlaValue.Tuple, TlaValue.Record, TlaValue.Function {

    /** An integer (TLC's IntValue: 32-bit). */
    record Int(int value) implements TlaValue {
        @Override public String toString() { return Integer.toString(value); }
    }

    /** TRUE or FALSE. */
    record Bool(boolean value) implements TlaValue {
        @Override public String toString() { return value ? "TRUE" : "FALSE"; }
    }

    /** A string such as "FROZEN". */
    record Str(String value) implements TlaValue {
        @Override public String toString() { return '"' + value + '"'; }
    }

    /** A model value declared in the model's configuration (for example {@code Outside}). */
    record ModelValue(String name) implements TlaValue {
        @Override public String toString() { return name; }
    }

    /** A finite set. */
    record Set(SortedSet<TlaValue> elements) implements TlaValue {
        public Set { elements = TlaValues.sortedSet(elements); }
        @Override public String toString() { return TlaValues.format(this); }
    }

    /** A tuple (sequence) {@code <<a, b>>}. */
    record Tuple(List<TlaValue> elements) implements TlaValue {
        public Tuple { elements = List.copyOf(elements); }
        @Override public String toString() { return TlaValues.format(this); }
    }

    /** A record {@code [field |-> value]}, fields in name order. */
    record Record(SortedMap<String, TlaValue> fields) implements TlaValue {
        public Record { fields = TlaValues.sortedFields(fields); }
        @Override public String toString() { return TlaValues.format(this); }
    }

    /** A function with a finite, explicit domain, for example {@code [t \in {3, 7} |-> "running"]}. */
    record Function(SortedMap<TlaValue, TlaValue> mapping) implements TlaValue {
        public Function { mapping = TlaValues.sortedMapping(mapping); }
        public TlaValue apply(TlaValue argument) { return mapping.get(argument); }
        @Override public String toString() { return TlaValues.format(this); }
    }

    static Int of(int value) { return new Int(value); }
    static Str str(String value) { return new Str(value); }
    static Bool of(boolean value) { return new Bool(value); }

    /** Named variables of one abstract state, in a stable order. */
    static SortedMap<String, TlaValue> state(Map<String, TlaValue> variables) {
        return TlaValues.sortedFields(variables);
    }
}
