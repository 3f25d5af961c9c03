package org.croracle.impl.restart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.croracle.impl.image.ImageChecker;
import org.croracle.impl.image.ImageFormat;
import org.croracle.impl.image.ImageFormatException;
import org.croracle.impl.image.ImageReader;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.image.ReadRecord;
import org.croracle.impl.kernel.Tunables;

/**
 * Reads an image for restart: the whole stream is parsed and checked (framing, bounds, CRC, the
 * object discipline, the tree) before anything is created, so a malformed image creates nothing.
 */
public final class ImageLoader {
    private ImageLoader() {}

    /** Why an image was refused: the offset of the record at fault and the reason. */
    public record Refusal(long offset, String reason) {
        @Override
        public String toString() {
            return "image offset " + offset + ": " + reason;
        }
    }

    /** The image, or why it cannot be restarted. */
    public record Loaded(SavedImage image, Refusal refusal) {
    }

    public static Loaded load(byte[] bytes) {
        return load(bytes, Tunables.defaults(), TailCheck.LINUX_CR);
    }

    /**
     * The image in {@code bytes} for a kernel with these tunables (a pid must be below its
     * pid_max); {@code tail} decides what becomes of an image whose stream breaks off.
     */
    public static Loaded load(byte[] bytes, Tunables config, TailCheck tail) {
        return load(bytes, config, tail, RecordRestore.LINUX_CR);
    }

    /** The same, each checked record taken through {@code restore} before the tasks and objects are built from it. */
    public static Loaded load(byte[] bytes, Tunables config, TailCheck tail, RecordRestore restore) {
        List<ReadRecord> records = new ArrayList<>();
        try (ImageReader reader = new ImageReader(new ByteArrayInputStream(bytes))) {
            for (Optional<ReadRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                records.add(r.get());
            }
        } catch (ImageFormatException e) {
            if (tail.restoresBrokenOff(records, e.offset())) {
                records.add(new ReadRecord(e.offset(), ImageFormat.HEADER_BYTES, new ImageRecord.Tail(0)));
            } else {
                return new Loaded(null, new Refusal(e.offset(), e.reason()));
            }
        } catch (IOException e) {
            return new Loaded(null, new Refusal(0, "reading the image: " + e.getMessage()));
        }
        ImageChecker checker = ImageChecker.check(records);
        if (!checker.ok()) {
            var p = checker.problems().get(0);
            return new Loaded(null, new Refusal(p.offset(), p.text()));
        }
        if (checker.error().isPresent()) {
            ImageRecord.Error e = checker.error().get();
            return new Loaded(null, new Refusal(records.get(records.size() - 1).offset(),
                    "the image is of a failed checkpoint: " + e.message()));
        }
        try {
            return new Loaded(build(records, checker, config.pidMax(), restore), null);
        } catch (Invalid e) {
            return new Loaded(null, new Refusal(e.offset, e.getMessage()));
        }
    }

    /** A value the kernel cannot take, found before anything is created. */
    private static final class Invalid extends Exception {
        final long offset;

        Invalid(long offset, String reason) {
            super(reason, null, false, false);
            this.offset = offset;
        }
    }

    private static final int MAX_LEVEL = Tunables.MAX_PID_NS_LEVEL;
    /** A region larger than this many pages (4 GiB) is refused: the simulated kernel would not map it. */
    private static final int MAX_REGION_PAGES = 1 << 20;

    /**
     * Every value restart uses: pids, levels, signals, credentials, sizes, page indexes. A pid must
     * be below the restarting kernel's pid_max ({@code pidMax}): eclone could not give it.
     */
    private static void validate(ReadRecord rr, int pidMax) throws Invalid {
        long at = rr.offset();
        ImageRecord r = rr.record();
        if (r instanceof ImageRecord.Tree t) {
            ImageRecord.TreeEntry root = t.entries().get(0);
            if (root.pid() == 1 && root.sid() != 0 && root.sid() != root.pid()) { // a namespace's init
                throw new Invalid(at, "TREE: the root is in session " + root.sid() + ", which is neither its own nor "
                        + "one outside the tree (every other task of the tree was born after it)");
            }
            if (root.pid() == 1 && root.ppid() != 0) {
                throw new Invalid(at, "TREE: the root is pid 1 of its namespace, so its parent is outside it, yet its ppid is "
                        + root.ppid());
            }
            sessionsAndGroups(at, t.entries());
            for (ImageRecord.TreeEntry e : t.entries()) {
                if (e.parentIndex() >= 0 && e.pids().size() > t.entries().get(e.parentIndex()).pids().size() + 1) {
                    throw new Invalid(at, "TREE: task " + e.pid() + " is more than one namespace below its parent");
                }
                // a thread of a namespace's init has the init's parent, outside that namespace
                if (e.parentIndex() >= 0 && e.pids().size() == t.entries().get(e.parentIndex()).pids().size() + 1
                        && e.pids().get(e.pids().size() - 1) != 1 && e.tgid() == e.pid()) {
                    throw new Invalid(at, "TREE: task " + e.pid() + " is in a namespace below its parent's but is not "
                            + "that namespace's init (pid 1)");
                }
                if (e.pids().size() > MAX_LEVEL + 1) {
                    throw new Invalid(at, "TREE: task " + e.pid() + " is " + e.pids().size() + " namespaces deep (at most "
                            + (MAX_LEVEL + 1) + ")");
                }
                for (int p : e.pids()) {
                    if (p <= 0 || p >= pidMax) {
                        throw new Invalid(at, "TREE: pid " + p + " of task " + e.pid() + " is outside 1.." + (pidMax - 1));
                    }
                }
                for (int id : new int[] {e.ppid(), e.tgid(), e.pgid(), e.sid()}) {
                    if (id < 0 || id >= pidMax) {
                        throw new Invalid(at, "TREE: task " + e.pid() + " names pid " + id + ", outside 0.." + (pidMax - 1));
                    }
                }
                if (e.exitSignal() != 0) {
                    signal(at, "TREE: task " + e.pid() + "'s exit signal", e.exitSignal());
                }
                if (e.state() == ImageRecord.TreeEntry.RUNNING && (e.exitCode() != 0 || e.exitSignal() != 0)) {
                    throw new Invalid(at, "TREE: task " + e.pid() + " is running but has an exit status");
                }
                if (e.exitCode() < 0 || e.exitCode() > 255) {
                    throw new Invalid(at, "TREE: task " + e.pid() + "'s exit code " + e.exitCode() + " is outside 0..255");
                }
            }
        } else if (r instanceof ImageRecord.Task t) {
            if (t.uid() < 0 || t.gid() < 0) {
                throw new Invalid(at, "TASK: uid " + t.uid() + " / gid " + t.gid() + " is negative");
            }
            if (t.doomedBy() != 0) {
                signal(at, "TASK: the pending fatal signal", t.doomedBy());
            }
            long known = 0;
            for (org.croracle.impl.kernel.Signal sig : org.croracle.impl.kernel.Signal.values()) {
                known |= 1L << (sig.number() - 1);
            }
            if (((t.blockedMask() | t.pendingMask()) & ~known) != 0) {
                throw new Invalid(at, "TASK: a signal mask names a signal the kernel does not have (mask 0x"
                        + Long.toHexString((t.blockedMask() | t.pendingMask()) & ~known) + ")");
            }
        } else if (r instanceof ImageRecord.Sighand h) {
            for (ImageRecord.SigEntry e : h.entries()) {
                signal(at, "SIGHAND", e.signal());
            }
        } else if (r instanceof ImageRecord.Vma v) {
            if (v.nrPages() <= 0 || v.nrPages() > MAX_REGION_PAGES) {
                throw new Invalid(at, "VMA " + v.name() + ": " + Integer.toUnsignedString(v.nrPages())
                        + " pages (1.." + MAX_REGION_PAGES + ")");
            }
        } else if (r instanceof ImageRecord.Shmem sh) {
            if (sh.nrPages() < 0 || sh.nrPages() > MAX_REGION_PAGES) {
                throw new Invalid(at, "SHMEM: " + Integer.toUnsignedString(sh.nrPages()) + " pages");
            }
        } else if (r instanceof ImageRecord.PageChunk c) {
            for (int k = 0; k < c.nrPages(); k++) {
                if (c.pageIndexes()[k] < 0 || c.pageIndexes()[k] >= MAX_REGION_PAGES) {
                    throw new Invalid(at, "PGARR: page index " + c.pageIndexes()[k] + " is outside 0.." + (MAX_REGION_PAGES - 1));
                }
            }
        } else if (r instanceof ImageRecord.File f) {
            if (f.position() < 0) {
                throw new Invalid(at, "FILE: position " + f.position() + " is negative");
            }
        }
    }

    /**
     * Linux's rules for sessions and groups: a session leader leads its group; a group lies in
     * one session, its leader's if the leader lives; a living session leader is in its session.
     */
    private static void sessionsAndGroups(long at, List<ImageRecord.TreeEntry> entries) throws Invalid {
        Map<Integer, ImageRecord.TreeEntry> byPid = new HashMap<>();
        Map<Integer, Integer> sessionOfGroup = new HashMap<>();
        for (ImageRecord.TreeEntry e : entries) {
            byPid.put(e.pid(), e);
        }
        for (ImageRecord.TreeEntry e : entries) {
            if (e.sid() == e.pid() && e.pgid() != e.pid()) {
                throw new Invalid(at, "TREE: task " + e.pid() + " leads session " + e.sid() + " but is in group " + e.pgid());
            }
            Integer s = sessionOfGroup.putIfAbsent(e.pgid(), e.sid());
            if (s != null && s != e.sid()) {
                throw new Invalid(at, "TREE: group " + e.pgid() + " spans sessions " + s + " and " + e.sid());
            }
            ImageRecord.TreeEntry leader = byPid.get(e.sid());
            if (e.sid() != 0 && leader != null && leader.sid() != e.sid()) {
                throw new Invalid(at, "TREE: task " + e.pid() + " is in session " + e.sid() + ", whose leader is in session "
                        + leader.sid());
            }
            ImageRecord.TreeEntry groupLeader = byPid.get(e.pgid());
            if (e.pgid() != 0 && groupLeader != null && groupLeader.sid() != e.sid()) {
                throw new Invalid(at, "TREE: task " + e.pid() + " is in group " + e.pgid() + ", whose leader is in session "
                        + groupLeader.sid() + ", not " + e.sid());
            }
        }
    }

    private static void signal(long at, String what, int number) throws Invalid {
        for (org.croracle.impl.kernel.Signal sig : org.croracle.impl.kernel.Signal.values()) {
            if (sig.number() == number) {
                return;
            }
        }
        throw new Invalid(at, what + ": signal " + number + " is not one the kernel has");
    }

    /** Groups the (already checked) records into tasks and objects. */
    private static SavedImage build(List<ReadRecord> records, ImageChecker checker, int pidMax, RecordRestore restore)
            throws Invalid {
        List<ImageRecord.TreeEntry> tree = ((ImageRecord.Tree) restore.restored(new ImageRecord.Tree(checker.tree()))).entries();
        Map<Integer, SavedImage.SavedObject> objects = new HashMap<>();
        List<SavedImage.SavedTask> tasks = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        ImageRecord.Task task = null;
        for (ReadRecord rr : records) {
            validate(rr, pidMax);
            ImageRecord r = rr.record() instanceof ImageRecord.Tree ? rr.record() : restore.restored(rr.record());
            if (r instanceof ImageRecord.Task t) {
                task = t;
            } else if (r instanceof ImageRecord.TaskObjs o) {
                tasks.add(new SavedImage.SavedTask(task.taskIndex(), tree.get(task.taskIndex()), task, o));
            } else if (r instanceof ImageRecord.ObjRef o) {
                open.push(new Open(o.objref(), o.objType()));
            } else if (!open.isEmpty() && isStateRecord(r)) {
                Open top = open.peek();
                top.records.add(r);
                if (top.complete()) {
                    open.pop();
                    objects.put(top.objref, new SavedImage.SavedObject(top.objref, top.type, top.records));
                }
            }
        }
        return new SavedImage(checker.container().orElseThrow().flags(), tasks, objects);
    }

    private static boolean isStateRecord(ImageRecord r) {
        return !(r instanceof ImageRecord.Header || r instanceof ImageRecord.Container || r instanceof ImageRecord.Tree
                || r instanceof ImageRecord.Tail || r instanceof ImageRecord.Error);
    }

    /** An object whose OBJREF was read and whose state records are being collected. */
    private static final class Open {
        final int objref;
        final ObjType type;
        /** Most objects have one state record (an MM has more): a list of ten per object would be mostly empty. */
        final List<ImageRecord> records = new ArrayList<>(2);
        int vmasLeft = -1;

        Open(int objref, ObjType type) {
            this.objref = objref;
            this.type = type;
        }

        /** Whether the records so far are the object's whole state. */
        boolean complete() {
            ImageRecord last = records.get(records.size() - 1);
            switch (type) {
                case MM -> {
                    if (last instanceof ImageRecord.Mm m) {
                        vmasLeft = m.nrVmas();
                        return vmasLeft == 0;
                    }
                    if (last instanceof ImageRecord.PageChunk c && c.nrPages() == 0) {
                        vmasLeft--;
                    }
                    return vmasLeft == 0;
                }
                case SHMEM -> {
                    return last instanceof ImageRecord.PageChunk c && c.nrPages() == 0;
                }
                default -> {
                    return true;
                }
            }
        }
    }
}
