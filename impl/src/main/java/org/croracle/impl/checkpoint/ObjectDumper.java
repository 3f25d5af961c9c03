package org.croracle.impl.checkpoint;

import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.DumpRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ImageWriter;
import org.croracle.impl.kernel.KObject;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Persistent;
import org.croracle.impl.objects.DumpContext;
import org.croracle.impl.objects.ObjectKinds;
import org.pcollections.PSortedMap;
import org.pcollections.PSortedSet;
import org.pcollections.PVector;

/**
 * checkpoint_obj: writes an object at its first reference (an OBJREF record, then the objects it
 * refers to, depth first, then its own state records) and only its objref at every later one.
 * Writes the bytes and, in step, the records the spec sees ({@link DumpRecord}); each kind's own
 * records come from its entry in {@link ObjectKinds}.
 */
final class ObjectDumper implements DumpContext {

    /** An object met during the dump that collect never saw: linux-cr's "reverse leak" (EBUSY). */
    static final class ReverseLeak extends Exception {
        final int object;

        ReverseLeak(int object) {
            super("object " + object + " was not collected", null, false, false);
            this.object = object;
        }
    }

    private final KernelState state;
    private final CheckpointContext ctx;
    private final ImageWriter out;
    // An editor of the context's persistent map: a task's dump adds to it without copying it, and
    // copies each node it changes once. The objects written are exactly those visited (an object
    // is written at its first visit), so the written set is the visits' keys, not a trie of its
    // own: one lookup and one path copy per object instead of two of each, in half a million.
    private final Persistent.IntMapEditor<Integer> visits;
    private final PVector<DumpRecord> before;
    /** The records this dump adds, appended to the context's at the end (one copy of the tail per 32). */
    private final List<DumpRecord> records = new ArrayList<>();
    private final boolean refusesUncollected;

    ObjectDumper(KernelState state, CheckpointContext ctx, ImageWriter out, boolean refusesUncollected) {
        this.state = state;
        this.ctx = ctx;
        this.out = out;
        this.refusesUncollected = refusesUncollected;
        this.visits = Persistent.edit(ctx.visits());
        this.before = Persistent.list(ctx.records());
    }

    /** The visit marks, counted: every reference the dump met, walked as collect walks them. */
    PSortedMap<Integer, Integer> visits() {
        return visits.build();
    }

    /** The objects written: those visited. */
    PSortedSet<Integer> written() {
        return Persistent.keys(visits.build());
    }

    /** The context's records and this dump's, then {@code last}. */
    PVector<DumpRecord> records(DumpRecord last) {
        records.add(last);
        return before.plusAll(records);
    }

    /** Writes the object if this is its first reference; returns its objref. */
    int dump(int id) throws IOException, ReverseLeak {
        Integer ref = ctx.objrefs().get(id);
        if (ref == null) {
            if (refusesUncollected) {
                throw new ReverseLeak(id);
            }
            ref = 0; // written without an objref of its own: the image names it by 0
        }
        Integer met = visits.get(id);
        visits.put(id, met == null ? 1 : met + 1);
        if (met != null) {
            return ref; // written at its first visit
        }
        KObject o = state.objects().get(id);
        boolean shared = Leaks.isLeak(state, ctx, id);
        out.write(new ImageRecord.ObjRef(ObjectKinds.objType(o.kind()), ref, shared ? ImageRecord.ObjRef.SHARED_OUTSIDE : 0));
        records.add(new DumpRecord("objref", id, ref, o.kind(), List.of(), shared));
        List<Integer> uses = new ArrayList<>();
        for (int child : o.references()) {
            uses.add(dump(child));
        }
        ObjectKinds.dump(o, this); // the records that carry its state: every object they name is written
        records.add(new DumpRecord("state", id, ref, o.kind(), uses, false));
        return ref;
    }

    @Override
    public ImageWriter out() {
        return out;
    }

    @Override
    public int objref(int id) {
        return id == 0 ? 0 : ctx.objrefs().getOrDefault(id, 0);
    }

    @Override
    public boolean inImage(int id) {
        return visits.containsKey(id) && ctx.objrefs().containsKey(id);
    }
}
