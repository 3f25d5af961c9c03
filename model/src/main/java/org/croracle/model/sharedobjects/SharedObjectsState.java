package org.croracle.model.sharedobjects;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;

/**
 * The abstract state of one checkpoint() call, the variables of
 * {@code specs/sharedobjects/SharedObjects.tla}. Tasks are global pids, objects the kernel's object
 * ids; 0 is the spec's {@code None}.
 */
public record SharedObjectsState(List<Integer> tree, SortedMap<Integer, String> kind,
                                 SortedMap<Integer, List<Integer>> slots, SortedMap<Integer, List<Integer>> refsOf,
                                 SortedMap<Integer, Integer> outside, SortedMap<Integer, Integer> ctxRefs,
                                 SortedSet<Integer> strangers, boolean subtree, String freezer, String phase, int cursor,
                                 SortedMap<Integer, Integer> objref, SortedMap<Integer, Integer> users,
                                 SortedSet<Integer> written, List<Rec> image, String error) {

    /** One image record as the spec sees it (SharedObjects' Rec). */
    public record Rec(String type, int who, int ref, String kind, List<Integer> uses, boolean shared) {
        public Rec {
            uses = List.copyOf(uses);
        }

        TlaValue toTla() {
            Map<String, TlaValue> f = new LinkedHashMap<>();
            f.put("type", TlaValue.str(type));
            f.put("who", TlaValue.of(who));
            f.put("ref", TlaValue.of(ref));
            f.put("kind", TlaValue.str(kind));
            f.put("uses", TlaValues.intTuple(uses));
            f.put("shared", TlaValue.of(shared));
            return TlaValues.record(f);
        }
    }

    /** The state of a call that does not exist (never Init-checked: a call starts with its context). */
    public static final SharedObjectsState NONE = new SharedObjectsState(List.of(), new TreeMap<>(), new TreeMap<>(),
            new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeSet<>(), false, "NONE", "idle", 1,
            new TreeMap<>(), new TreeMap<>(), new TreeSet<>(), List.of(), "none");

    public SharedObjectsState {
        tree = List.copyOf(tree);
        kind = Collections.unmodifiableSortedMap(new TreeMap<>(kind));
        TreeMap<Integer, List<Integer>> sl = new TreeMap<>();
        slots.forEach((k, v) -> sl.put(k, List.copyOf(v)));
        slots = Collections.unmodifiableSortedMap(sl);
        TreeMap<Integer, List<Integer>> rf = new TreeMap<>();
        refsOf.forEach((k, v) -> rf.put(k, List.copyOf(v)));
        refsOf = Collections.unmodifiableSortedMap(rf);
        outside = Collections.unmodifiableSortedMap(new TreeMap<>(outside));
        ctxRefs = Collections.unmodifiableSortedMap(new TreeMap<>(ctxRefs));
        strangers = Collections.unmodifiableSortedSet(new TreeSet<>(strangers));
        objref = Collections.unmodifiableSortedMap(new TreeMap<>(objref));
        users = Collections.unmodifiableSortedMap(new TreeMap<>(users));
        written = Collections.unmodifiableSortedSet(new TreeSet<>(written));
        image = List.copyOf(image);
    }

    /** The spec's variables. */
    public Map<String, TlaValue> toTla() {
        Map<String, TlaValue> v = new LinkedHashMap<>();
        v.put("tree", TlaValues.intTuple(tree));
        v.put("kind", fn(kind, TlaValue::str));
        v.put("slots", fn(slots, TlaValues::intTuple));
        v.put("refsOf", fn(refsOf, TlaValues::intTuple));
        v.put("outside", fn(outside, TlaValue::of));
        v.put("ctxRefs", fn(ctxRefs, TlaValue::of));
        v.put("strangers", TlaValues.intSet(strangers));
        v.put("subtree", TlaValue.of(subtree));
        v.put("freezer", TlaValue.str(freezer));
        v.put("phase", TlaValue.str(phase));
        v.put("cursor", TlaValue.of(cursor));
        v.put("objref", fn(objref, TlaValue::of));
        v.put("users", fn(users, TlaValue::of));
        v.put("written", TlaValues.intSet(written));
        List<TlaValue> recs = new ArrayList<>();
        image.forEach(r -> recs.add(r.toTla()));
        v.put("image", new TlaValue.Tuple(recs));
        v.put("error", TlaValue.str(error));
        return TlaValue.state(v);
    }

    private static <V> TlaValue fn(SortedMap<Integer, V> m, java.util.function.Function<V, TlaValue> value) {
        Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(TlaValue.of(k), value.apply(v)));
        return TlaValues.function(out);
    }
}
