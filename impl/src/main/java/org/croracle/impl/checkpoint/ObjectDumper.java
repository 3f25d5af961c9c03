package org.croracle.impl.checkpoint;

import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.DumpRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.FsInfo;
import org.croracle.impl.kernel.Inode;
import org.croracle.impl.kernel.OpenFile;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ImageWriter;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.KObject;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Persistent;
import org.croracle.impl.kernel.Mm;
import org.croracle.impl.kernel.Sighand;
import org.pcollections.PSortedSet;
import org.pcollections.PVector;

/**
 * checkpoint_obj: writes an object at its first reference (an OBJREF record, then the objects it
 * refers to, depth first, then its own state records) and only its objref at every later one.
 * Writes the bytes and, in step, the records the spec sees ({@link DumpRecord}).
 */
final class ObjectDumper {

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
    // Persistent: a task's dump adds to the context's set and records without copying them.
    private PSortedSet<Integer> written;
    private PVector<DumpRecord> records;

    ObjectDumper(KernelState state, CheckpointContext ctx, ImageWriter out) {
        this.state = state;
        this.ctx = ctx;
        this.out = out;
        this.written = Persistent.set(ctx.written());
        this.records = Persistent.list(ctx.records());
    }

    PSortedSet<Integer> written() {
        return written;
    }

    PVector<DumpRecord> records() {
        return records;
    }

    /** Writes the object if this is its first reference; returns its objref. */
    int dump(int id) throws IOException, ReverseLeak {
        Integer ref = ctx.objrefs().get(id);
        if (ref == null) {
            throw new ReverseLeak(id);
        }
        if (written.contains(id)) {
            return ref;
        }
        written = written.plus(id);
        KObject o = state.objects().get(id);
        boolean shared = Leaks.isLeak(state, ctx, id);
        out.write(new ImageRecord.ObjRef(objType(o), ref, shared ? ImageRecord.ObjRef.SHARED_OUTSIDE : 0));
        records = records.plus(new DumpRecord("objref", id, ref, o.kind(), List.of(), shared));
        List<Integer> uses = new ArrayList<>();
        for (int child : o.references()) {
            uses.add(dump(child));
        }
        writeState(o);
        records = records.plus(new DumpRecord("state", id, ref, o.kind(), uses, false));
        return ref;
    }

    private int refOf(int id) {
        return id == 0 ? 0 : ctx.objrefs().get(id);
    }

    /** The records that carry an object's state; every object they name is already written. */
    private void writeState(KObject o) throws IOException {
        if (o instanceof FdTable t) {
            List<ImageRecord.FdEntry> fds = new ArrayList<>();
            t.fds().forEach((fd, e) -> fds.add(new ImageRecord.FdEntry(fd, refOf(e.file()), e.cloexec())));
            out.write(new ImageRecord.FileTable(fds));
        } else if (o instanceof OpenFile f) {
            int flags = (f.readable() ? ImageRecord.File.READABLE : 0) | (f.writable() ? ImageRecord.File.WRITABLE : 0);
            out.write(new ImageRecord.File(refOf(f.inode()), f.offset(), flags));
        } else if (o instanceof Inode.Regular r) {
            out.write(new ImageRecord.RegularInode(r.path(), r.content().getBytes(StandardCharsets.UTF_8)));
        } else if (o instanceof Inode.Pipe p) {
            out.write(new ImageRecord.PipeInode(p.buffer().getBytes(StandardCharsets.UTF_8)));
        } else if (o instanceof Inode.Socket sk) {
            // The peer is not a counted reference: name it only once it is in the image.
            int peer = written.contains(sk.peer()) && ctx.objrefs().containsKey(sk.peer()) ? refOf(sk.peer()) : 0;
            out.write(new ImageRecord.SocketInode(sk.queue().getBytes(StandardCharsets.UTF_8), peer));
        } else if (o instanceof Inode.Shmem sh) {
            out.write(new ImageRecord.Shmem(sh.pages().isEmpty() ? 0 : sh.pages().lastKey() + 1));
            writePages(sh.pages(), sh.pages().keySet());
            out.writePagesEnd();
        } else if (o instanceof Mm mm) {
            out.write(new ImageRecord.Mm(mm.vmas().size()));
            for (Map.Entry<String, Mm.Vma> e : mm.vmas().entrySet()) {
                Mm.Vma v = e.getValue();
                out.write(new ImageRecord.Vma(e.getKey(), v.pages(), v.shared() ? ImageRecord.Vma.SHARED : 0,
                        refOf(v.file()), refOf(v.shmem())));
                if (!v.shared()) {
                    writePages(v.content(), v.dirty()); // only dirty pages
                }
                out.writePagesEnd();
            }
        } else if (o instanceof FsInfo fs) {
            out.write(new ImageRecord.Fs(fs.cwd()));
        } else if (o instanceof Sighand sh) {
            List<ImageRecord.SigEntry> entries = new ArrayList<>();
            sh.dispositions().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.number(), b.number())))
                    .forEach(e -> entries.add(new ImageRecord.SigEntry(e.getKey().number(), switch (e.getValue()) {
                        case DEFAULT -> ImageRecord.SigEntry.DEFAULT;
                        case IGNORE -> ImageRecord.SigEntry.IGNORE;
                        case HANDLE -> ImageRecord.SigEntry.HANDLE;
                    })));
            out.write(new ImageRecord.Sighand(entries));
        } else {
            throw new IllegalStateException("no checkpoint method for " + o.kind());
        }
    }

    /** The given pages, each filled with its byte (a page never written reads as zeros). */
    private void writePages(SortedMap<Integer, Integer> content, java.util.Set<Integer> pages) throws IOException {
        int n = pages.size();
        if (n == 0) {
            return;
        }
        long[] indexes = new long[n];
        byte[] fills = new byte[n];
        int i = 0;
        for (int p : pages) {
            indexes[i] = p;
            fills[i] = (byte) (int) content.getOrDefault(p, 0);
            i++;
        }
        out.writePages(indexes, fills, n);
    }

    static ObjType objType(KObject o) {
        return objType(o.kind());
    }

    static ObjType objType(String kind) {
        return switch (kind) {
            case "fdtable" -> ObjType.FILE_TABLE;
            case "file" -> ObjType.FILE;
            case "regular" -> ObjType.INODE_REGULAR;
            case "pipe" -> ObjType.INODE_PIPE;
            case "socket" -> ObjType.INODE_SOCKET;
            case "shmem" -> ObjType.SHMEM;
            case "mm" -> ObjType.MM;
            case "fs" -> ObjType.FS;
            case "sighand" -> ObjType.SIGHAND;
            default -> throw new IllegalStateException("unknown object kind " + kind);
        };
    }
}
