package org.croracle.model.tla;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/** Ordering, construction and printing of {@link TlaValue}s. */
public final class TlaValues {
    private TlaValues() {}

    /**
     * A total order on values: first by kind, then by content. Only used to keep sets and domains
     * canonical on the Java side; TLC sorts again when the values are converted.
     */
    public static final Comparator<TlaValue> ORDER = TlaValues::compare;

    private static int rank(TlaValue v) {
        if (v instanceof TlaValue.Bool) {
            return 0;
        } else if (v instanceof TlaValue.Int) {
            return 1;
        } else if (v instanceof TlaValue.Str) {
            return 2;
        } else if (v instanceof TlaValue.ModelValue) {
            return 3;
        } else if (v instanceof TlaValue.Tuple) {
            return 4;
        } else if (v instanceof TlaValue.Set) {
            return 5;
        } else if (v instanceof TlaValue.Record) {
            return 6;
        }
        return 7;
    }

    private static int compare(TlaValue a, TlaValue b) {
        int byRank = Integer.compare(rank(a), rank(b));
        if (byRank != 0) {
            return byRank;
        }
        if (a instanceof TlaValue.Bool x) {
            return Boolean.compare(x.value(), ((TlaValue.Bool) b).value());
        } else if (a instanceof TlaValue.Int x) {
            return Integer.compare(x.value(), ((TlaValue.Int) b).value());
        } else if (a instanceof TlaValue.Str x) {
            return x.value().compareTo(((TlaValue.Str) b).value());
        } else if (a instanceof TlaValue.ModelValue x) {
            return x.name().compareTo(((TlaValue.ModelValue) b).name());
        }
        return format(a).compareTo(format(b));
    }

    /**
     * A sorted set built by a factory below and handed straight to a value's constructor, which
     * then keeps it instead of copying it: nobody else holds a reference to it.
     */
    private static final class OwnedSet extends TreeSet<TlaValue> {
        OwnedSet() {
            super(ORDER);
        }
    }

    static SortedSet<TlaValue> sortedSet(java.util.Collection<TlaValue> elements) {
        if (elements instanceof OwnedSet owned) {
            return Collections.unmodifiableSortedSet(owned);
        }
        TreeSet<TlaValue> copy = new TreeSet<>(ORDER);
        copy.addAll(elements);
        return Collections.unmodifiableSortedSet(copy);
    }

    static SortedMap<String, TlaValue> sortedFields(Map<String, TlaValue> fields) {
        return SortedArrayMap.of(fields, null);
    }

    static SortedMap<TlaValue, TlaValue> sortedMapping(Map<TlaValue, TlaValue> mapping) {
        return SortedArrayMap.of(mapping, ORDER);
    }

    /** A function from the given map, for example a task's state by pid. */
    public static TlaValue.Function function(Map<? extends TlaValue, ? extends TlaValue> mapping) {
        return new TlaValue.Function(SortedArrayMap.<TlaValue, TlaValue>of(mapping, ORDER));
    }

    /** A record with the given fields. */
    public static TlaValue.Record record(Map<String, TlaValue> fields) {
        return new TlaValue.Record(SortedArrayMap.of(fields, null));
    }

    /**
     * A record with fields {@code names}, given in ascending order, and {@code values} in the same
     * order: the abstract state's per-task records, built at every step of the oracle, need no
     * sort.
     */
    public static TlaValue.Record record(String[] names, TlaValue... values) {
        return new TlaValue.Record(SortedArrayMap.ofSorted(names.clone(), values.clone()));
    }

    /** A tuple of integers, such as a pid vector. */
    public static TlaValue.Tuple intTuple(java.util.List<Integer> values) {
        TlaValue[] elements = new TlaValue[values.size()];
        int i = 0;
        for (int v : values) {
            elements[i++] = TlaValue.of(v);
        }
        return new TlaValue.Tuple(java.util.List.of(elements));
    }

    /** A set of integers, such as a pidmap. */
    public static TlaValue.Set intSet(java.util.Collection<Integer> values) {
        OwnedSet set = new OwnedSet();
        values.forEach(v -> set.add(TlaValue.of(v)));
        return new TlaValue.Set(set);
    }

    /** TLA+ notation, close to what TLC prints. */
    public static String format(TlaValue value) {
        if (value instanceof TlaValue.Set s) {
            return join("{", "}", s.elements());
        } else if (value instanceof TlaValue.Tuple t) {
            return join("<<", ">>", t.elements());
        } else if (value instanceof TlaValue.Record r) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            r.fields().forEach((k, v) -> j.add(k + " |-> " + format(v)));
            return j.toString();
        } else if (value instanceof TlaValue.Function f) {
            if (f.mapping().isEmpty()) {
                return "<< >>";
            }
            StringJoiner j = new StringJoiner(" @@ ", "(", ")");
            f.mapping().forEach((k, v) -> j.add(format(k) + " :> " + format(v)));
            return j.toString();
        }
        return value.toString();
    }

    private static String join(String open, String close, Iterable<TlaValue> elements) {
        StringJoiner j = new StringJoiner(", ", open, close);
        elements.forEach(e -> j.add(format(e)));
        return j.toString();
    }
}
