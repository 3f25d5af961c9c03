package org.croracle.impl.restart;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.FsInfo;
import org.croracle.impl.kernel.Inode;
import org.croracle.impl.kernel.OpenFile;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.ObjectTable;
import org.croracle.impl.kernel.Persistent;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.TaskResources;
import org.croracle.impl.kernel.Transition;
import org.croracle.impl.kernel.Mm;
import org.croracle.impl.kernel.Sighand;
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
     */
    public static Transition<Void> restoreTask(KernelState s, int pid, SavedImage.SavedTask saved, SavedImage image,
                                               Map<Integer, Integer> objects, Set<String> paths) {
        Task t = s.tasks().get(pid);
        ObjectTable.Builder ob = s.objects().edit();
        Builder b = new Builder(image, ob, objects, Persistent.map(s.paths()), paths);
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

    static Set<Signal> signals(long mask) {
        EnumSet<Signal> out = EnumSet.noneOf(Signal.class);
        for (Signal sig : Signal.values()) {
            if ((mask & (1L << (sig.number() - 1))) != 0) {
                out.add(sig);
            }
        }
        return out;
    }

    public static Signal signal(int number) {
        for (Signal sig : Signal.values()) {
            if (sig.number() == number) {
                return sig;
            }
        }
        throw new IllegalArgumentException("no signal " + number);
    }

    /** Makes objects from their records, each objref once; an object's references are made first. */
    private static final class Builder {
        final SavedImage image;
        final ObjectTable.Builder ob;
        final Map<Integer, Integer> objects;
        PSortedMap<String, Integer> pathTable;
        final Set<String> addedPaths;

        Builder(SavedImage image, ObjectTable.Builder ob, Map<Integer, Integer> objects, PSortedMap<String, Integer> pathTable,
                Set<String> addedPaths) {
            this.image = image;
            this.ob = ob;
            this.objects = objects;
            this.pathTable = pathTable;
            this.addedPaths = addedPaths;
        }

        int build(int objref) {
            if (objref == 0) {
                return 0;
            }
            Integer known = objects.get(objref);
            if (known != null) {
                return known;
            }
            SavedImage.SavedObject so = image.objects().get(objref);
            List<ImageRecord> r = so.records();
            int id = switch (so.type()) {
                case FILE_TABLE -> {
                    TreeMap<Integer, FdTable.Fd> fds = new TreeMap<>();
                    for (ImageRecord.FdEntry e : ((ImageRecord.FileTable) r.get(0)).fds()) {
                        fds.put(e.fd(), new FdTable.Fd(build(e.fileRef()), e.cloexec()));
                    }
                    yield ob.create(new FdTable(fds));
                }
                case FILE -> {
                    ImageRecord.File f = (ImageRecord.File) r.get(0);
                    yield ob.create(new OpenFile(build(f.inodeRef()), f.position(),
                            (f.flags() & ImageRecord.File.READABLE) != 0, (f.flags() & ImageRecord.File.WRITABLE) != 0));
                }
                case INODE_REGULAR -> {
                    ImageRecord.RegularInode ri = (ImageRecord.RegularInode) r.get(0);
                    Integer existing = pathTable.get(ri.path());
                    if (existing != null) {
                        yield existing; // the filesystem is the same one: its file, as it is now
                    }
                    int made = ob.create(new Inode.Regular(ri.path(), new String(ri.content(), StandardCharsets.UTF_8)));
                    ob.ref(made); // the path holds it
                    pathTable = pathTable.plus(ri.path(), made);
                    addedPaths.add(ri.path());
                    yield made;
                }
                case INODE_PIPE -> ob.create(new Inode.Pipe(text(((ImageRecord.PipeInode) r.get(0)).buffer())));
                case INODE_SOCKET -> {
                    ImageRecord.SocketInode si = (ImageRecord.SocketInode) r.get(0);
                    int peer = si.peerRef() == 0 ? 0 : objects.getOrDefault(si.peerRef(), 0);
                    int made = ob.create(new Inode.Socket(text(si.queue()), peer));
                    if (peer != 0 && ob.get(peer, Inode.Socket.class) != null) {
                        ob.replace(peer, new Inode.Socket(ob.get(peer, Inode.Socket.class).queue(), made));
                    }
                    yield made;
                }
                case SHMEM -> ob.create(new Inode.Shmem(pages(r, 1)));
                case MM -> ob.create(mm(r));
                case FS -> ob.create(new FsInfo(((ImageRecord.Fs) r.get(0)).cwd()));
                case SIGHAND -> {
                    Sighand sh = Sighand.DEFAULTS;
                    for (ImageRecord.SigEntry e : ((ImageRecord.Sighand) r.get(0)).entries()) {
                        sh = sh.with(signal(e.signal()), switch (e.disposition()) {
                            case ImageRecord.SigEntry.IGNORE -> Sighand.Disposition.IGNORE;
                            case ImageRecord.SigEntry.HANDLE -> Sighand.Disposition.HANDLE;
                            default -> Sighand.Disposition.DEFAULT;
                        });
                    }
                    yield ob.create(sh);
                }
            };
            objects.put(objref, id);
            return id;
        }

        /** MM, then per VMA its record and page chunks up to the empty one. */
        private Mm mm(List<ImageRecord> r) {
            Mm mm = Mm.EMPTY;
            int i = 1;
            while (i < r.size()) {
                ImageRecord.Vma v = (ImageRecord.Vma) r.get(i++);
                TreeMap<Integer, Integer> content = new TreeMap<>();
                while (i < r.size() && r.get(i) instanceof ImageRecord.PageChunk c && c.nrPages() > 0) {
                    addPages(c, content);
                    i++;
                }
                i++; // the empty chunk that ends the vma
                boolean shared = (v.flags() & ImageRecord.Vma.SHARED) != 0;
                SortedSet<Integer> dirty = new TreeSet<>(content.keySet());
                mm = mm.with(v.name(), new Mm.Vma(v.nrPages(), shared, build(v.fileRef()), build(v.shmemRef()),
                        content, dirty));
            }
            return mm;
        }

        private SortedMap<Integer, Integer> pages(List<ImageRecord> r, int from) {
            TreeMap<Integer, Integer> out = new TreeMap<>();
            for (int i = from; i < r.size(); i++) {
                if (r.get(i) instanceof ImageRecord.PageChunk c) {
                    addPages(c, out);
                }
            }
            return out;
        }

        private static void addPages(ImageRecord.PageChunk c, Map<Integer, Integer> into) {
            for (int k = 0; k < c.nrPages(); k++) {
                into.put((int) c.pageIndexes()[k], c.page(k)[0] & 0xff);
            }
        }

        private static String text(byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
