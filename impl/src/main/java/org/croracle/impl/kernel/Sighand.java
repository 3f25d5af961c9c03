package org.croracle.impl.kernel;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;


/** sighand_struct: the signal dispositions (shared with CLONE_SIGHAND); a signal not listed has its default. */
public record Sighand(SortedMap<Signal, Disposition> dispositions) implements KObject {

    public enum Disposition { DEFAULT, IGNORE, HANDLE }

    public static final Sighand DEFAULTS = new Sighand(new TreeMap<>());

    public Sighand {
        dispositions = Collections.unmodifiableSortedMap(new TreeMap<>(dispositions));
    }

    public Disposition of(Signal s) {
        return dispositions.getOrDefault(s, Disposition.DEFAULT);
    }

    public Sighand with(Signal s, Disposition d) {
        TreeMap<Signal, Disposition> copy = new TreeMap<>(dispositions);
        if (d == Disposition.DEFAULT) {
            copy.remove(s);
        } else {
            copy.put(s, d);
        }
        return new Sighand(copy);
    }

    @Override public List<Integer> references() { return List.of(); }
    @Override public String kind() { return "sighand"; }
}
