package org.croracle.impl.restart;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.ObjectTable;
import org.croracle.impl.kernel.Persistent;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.TaskResources;
import org.croracle.impl.kernel.Transition;
import org.croracle.impl.objects.ObjectKinds;
import org.croracle.impl.objects.RestoreContext;
import org.pcollections.PSortedMap;

/**
 * restore_task: a restarting task rebuilds its own state from the image when its turn comes: the
 * objects it holds (each shared object once: the objref map is the restart's objhash), its signal
 * masks. What it held from its creator (fork's copies) is dropped.
 */
public final class RestoreSteps {
    private RestoreSteps() {}

    /**
     * @param objects the restart's objhash: objref -> kernel object id (filled as objects are made)
     * @param paths   the paths this restart added to the filesystem (removed again if it fails)
     * @param lookup  which kinds restore_task looks up in the objhash before it makes them
     */
    public static Transition<Void> restoreTask(KernelState s, int pid, SavedImage.SavedTask saved, SavedImage image,
                                               Map<Integer, Integer> objects, Set<String> paths, ObjhashLookup lookup) {
        Task t = s.tasks().get(pid);
        ObjectTable.Builder ob = s.objects().edit();
        Builder b = new Builder(image, ob, objects, Persistent.map(s.paths()), paths, lookup);
        ImageRecord.TaskObjs o = saved.objs();
        TaskResources res = new TaskResources(b.build(o.filesRef()), b.build(o.mmRef()), b.build(o.fsRef()),
                b.build(o.sighandRef()));
        res.ids().forEach(ob::ref);
        t.res().ids().forEach(ob::unref);
        ImageRecord.Task rec = saved.task();
        Task restored = t.withRes(res).withSignals(signals(rec.blockedMask()), signals(rec.pendingMask()));
        if (rec.doomedBy() != 0) {
            restored = restored.doomed(signal(rec.doomedBy()));
        }
        return Transition.ok(null, s.withObjects(ob.build(), b.pathTable).withTask(restored));
    }

    /** Every signal, once: values() copies its array at each call, and each restored task asks twice. */
    private static final Signal[] SIGNALS = Signal.values();

    static Set<Signal> signals(long mask) {
        EnumSet<Signal> out = EnumSet.noneOf(Signal.class);
        if (mask == 0) {
            return out;
        }
        for (Signal sig : SIGNALS) {
            if ((mask & (1L << (sig.number() - 1))) != 0) {
                out.add(sig);
            }
        }
        return out;
    }

    public static Signal signal(int number) {
        return Signal.byNumber(number).orElseThrow(() -> new IllegalArgumentException("no signal " + number));
    }

    /**
     * Makes objects from their records, each objref once, through their kinds' restore halves
     * ({@link ObjectKinds}); an object's references are made first.
     */
    private static final class Builder implements RestoreContext {
        final SavedImage image;
        final ObjectTable.Builder ob;
        final Map<Integer, Integer> objects;
        PSortedMap<String, Integer> pathTable;
        final Set<String> addedPaths;
        final ObjhashLookup lookup;

        Builder(SavedImage image, ObjectTable.Builder ob, Map<Integer, Integer> objects, PSortedMap<String, Integer> pathTable,
                Set<String> addedPaths, ObjhashLookup lookup) {
            this.image = image;
            this.ob = ob;
            this.objects = objects;
            this.pathTable = pathTable;
            this.addedPaths = addedPaths;
            this.lookup = lookup;
        }

        int build(int objref) {
            if (objref == 0) {
                return 0;
            }
            SavedImage.SavedObject so = image.objects().get(objref);
            Integer known = objects.get(objref);
            if (known != null && lookup.looksUp(so.type())) {
                return known;
            }
            int id = ObjectKinds.restore(so.type(), so.records(), this);
            if (known == null) {
                objects.put(objref, id);
            }
            return id;
        }

        @Override
        public int restore(int objref) {
            return build(objref);
        }

        @Override
        public int restored(int objref) {
            return objects.getOrDefault(objref, 0);
        }

        @Override
        public ObjectTable.Builder objects() {
            return ob;
        }

        @Override
        public int inodeAt(String path) {
            return pathTable.getOrDefault(path, 0);
        }

        @Override
        public void addPath(String path, int inode) {
            pathTable = pathTable.plus(path, inode);
            addedPaths.add(path);
        }
    }
}
