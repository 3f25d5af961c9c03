package org.croracle.impl.image;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Checks what the reader does not: the order of an image's records and the object discipline of
 * linux-cr's objhash. Objrefs are 1, 2, 3, ... in the order of their OBJREFs, each announced once;
 * every objref a record uses was announced before it and its state is complete before it, with
 * the kind the user expects; an object announced while another is being written (or inside a
 * task) is first used by that object's state (or that task's TASK_OBJS), so the image streams;
 * TREE, TASK and TASK_OBJS agree; the image ends in TAIL or ERROR.
 *
 * <p>Records are fed one at a time ({@link #accept}), so a large image is checked while it is
 * read and no page chunk is kept. A problem in the order of records stops the check (what follows
 * would only repeat it); any other problem is recorded and the check goes on.
 */
public final class ImageChecker {
    private enum Phase { HEADER, CONTAINER, TREE, TASKS, ENDED, STOPPED }

    /** An announced object. */
    private static final class Obj {
        final int objref;
        final ObjType type;
        final boolean shared;
        final long offset;
        /** The user that must use it first: the object or task it was announced inside. */
        final String announcedIn;
        final List<String> users = new ArrayList<>();
        boolean complete;

        Obj(int objref, ObjType type, boolean shared, long offset, String announcedIn) {
            this.objref = objref;
            this.type = type;
            this.shared = shared;
            this.offset = offset;
            this.announcedIn = announcedIn;
        }

        String label() {
            return "objref " + objref + " (" + type + ")";
        }
    }

    /** An object whose state is being written; the objects announced inside it are its children. */
    private static final class Frame {
        final Obj obj;
        final List<Obj> children = new ArrayList<>();
        /** For an MM after its MM record: the VMAs still to come. */
        long vmasLeft;

        Frame(Obj obj) {
            this.obj = obj;
        }
    }

    /** PGARRs expected: the pages of a VMA or of a SHMEM, up to the empty chunk. */
    private static final class PageRun {
        final Frame owner;
        final String what;
        final long size;
        final boolean vma;
        /** A shared VMA's pages live in its SHMEM: it has only the empty chunk. */
        final boolean noPages;
        long next;

        PageRun(Frame owner, String what, long size, boolean vma, boolean noPages) {
            this.owner = owner;
            this.what = what;
            this.size = size;
            this.vma = vma;
            this.noPages = noPages;
        }
    }

    /**
     * The announced objects by objref. A well-formed image announces objrefs 1, 2, 3... in order,
     * and those sit in a list at their objref: every use of an object finds it by index, where a
     * balanced tree of half a million boxed objrefs would follow some twenty entries scattered over
     * the heap. An objref out of that order (a problem reported already) goes to a tree of its own.
     */
    private static final class ByObjref {
        private final List<Obj> inOrder = new ArrayList<>();
        private final SortedMap<Integer, Obj> others = new TreeMap<>();

        Obj get(int ref) {
            return ref >= 1 && ref <= inOrder.size() ? inOrder.get(ref - 1) : others.get(ref);
        }

        /** Adds an object whose objref is not known yet. */
        void put(int ref, Obj o) {
            if (ref == inOrder.size() + 1 && !others.containsKey(ref)) {
                inOrder.add(o);
            } else {
                others.put(ref, o);
            }
        }

        /** Every object, in objref order. */
        void forEach(java.util.function.Consumer<Obj> action) {
            Iterator<Obj> rest = others.values().iterator();
            Obj next = rest.hasNext() ? rest.next() : null;
            for (Obj o : inOrder) {
                while (next != null && next.objref < o.objref) {
                    action.accept(next);
                    next = rest.hasNext() ? rest.next() : null;
                }
                action.accept(o);
            }
            while (next != null) {
                action.accept(next);
                next = rest.hasNext() ? rest.next() : null;
            }
        }
    }

    private final List<ImageProblem> problems = new ArrayList<>();
    private final ByObjref objects = new ByObjref();
    private final Deque<Frame> open = new ArrayDeque<>();
    private final List<Obj> taskChildren = new ArrayList<>();
    private Phase phase = Phase.HEADER;
    private ImageRecord.Header header;
    private ImageRecord.Container container;
    private List<ImageRecord.TreeEntry> tree = List.of();
    private ImageRecord.Error error;
    private PageRun pages;
    private int nextTask;
    /** The task whose records are being read, -1 between tasks. */
    private int task = -1;
    private int lastTopRank;
    private int maxObjref;
    private long records;
    private long end;
    private boolean finished;

    /** Checks every record of a stream (without keeping them); the reader's errors pass through. */
    public static ImageChecker check(ImageReader reader) throws IOException, ImageFormatException {
        ImageChecker c = new ImageChecker();
        for (Optional<ReadRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
            c.accept(r.get());
        }
        c.finish();
        return c;
    }

    /** Checks records already read (or built by hand: then an image may also end without TAIL). */
    public static ImageChecker check(Iterable<ReadRecord> records) {
        ImageChecker c = new ImageChecker();
        records.forEach(c::accept);
        c.finish();
        return c;
    }

    /** The problems found so far; after {@link #finish()}, all of them. Empty when the image is fine. */
    public List<ImageProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** Every announced object by objref: kind, SHARED_OUTSIDE, and who refers to it. */
    public SortedMap<Integer, ImageObject> objects() {
        SortedMap<Integer, ImageObject> out = new TreeMap<>();
        objects.forEach(o -> out.put(o.objref, new ImageObject(o.objref, o.type, o.shared, o.offset, o.users)));
        return Collections.unmodifiableSortedMap(out);
    }

    public Optional<ImageRecord.Header> header() {
        return Optional.ofNullable(header);
    }

    public Optional<ImageRecord.Container> container() {
        return Optional.ofNullable(container);
    }

    /** TREE's entries (empty until TREE is read). */
    public List<ImageRecord.TreeEntry> tree() {
        return tree;
    }

    /** The ERROR that ended the image of a failed checkpoint. */
    public Optional<ImageRecord.Error> error() {
        return Optional.ofNullable(error);
    }

    /** How many records were checked. */
    public long records() {
        return records;
    }

    /** The end of the image: a problem if it did not end in TAIL or ERROR. Returns every problem. */
    public List<ImageProblem> finish() {
        if (!finished) {
            finished = true;
            if (phase != Phase.ENDED && phase != Phase.STOPPED) {
                problem(end, "the image ends without a TAIL or ERROR record (" + expected() + " was expected)");
            }
        }
        return problems();
    }

    /** Checks the next record of the image. */
    public void accept(ReadRecord rec) {
        if (finished) {
            throw new IllegalStateException("the check is finished");
        }
        records++;
        long at = rec.offset();
        end = at + rec.length() + ImageFormat.padding(rec.length());
        if (phase == Phase.STOPPED) {
            return;
        }
        if (phase == Phase.ENDED) {
            stop(at, rec.type() + " record after the end of the image");
            return;
        }
        ImageRecord r = rec.record();
        switch (rec.type()) {
            case HEADER -> onHeader(at, (ImageRecord.Header) r);
            case CONTAINER -> onContainer(at, (ImageRecord.Container) r);
            case TREE -> onTree(at, (ImageRecord.Tree) r);
            case TASK -> onTask(at, (ImageRecord.Task) r);
            case TASK_OBJS -> onTaskObjs(at, (ImageRecord.TaskObjs) r);
            case OBJREF -> onObjRef(at, (ImageRecord.ObjRef) r);
            case VMA -> onVma(at, (ImageRecord.Vma) r);
            case PGARR -> onPages(at, (ImageRecord.PageChunk) r);
            case TAIL -> onTail(at);
            case ERROR -> {
                error = (ImageRecord.Error) r;
                phase = Phase.ENDED;
            }
            default -> {
                if (ObjType.ofStateRecord(rec.type()).isEmpty()) {
                    throw new AssertionError(rec.type());
                }
                onState(at, r); // the record that carries an object's state
            }
        }
    }

    // ---- header, container, tree ----

    private void onHeader(long at, ImageRecord.Header h) {
        if (phase != Phase.HEADER) {
            unexpected(at, RecordType.HEADER);
            return;
        }
        header = h;
        phase = Phase.CONTAINER;
        if (h.arch() != ImageFormat.ARCH_SIM64) {
            problem(at, "HEADER arch " + h.arch() + " is not sim64 (" + ImageFormat.ARCH_SIM64 + ")");
        }
        if (h.nsig() != ImageFormat.NSIG) {
            problem(at, "HEADER nsig " + h.nsig() + " is not " + ImageFormat.NSIG);
        }
        if ((h.uflags() & ~ImageFormat.CHECKPOINT_SUBTREE) != 0) {
            problem(at, "HEADER uflags 0x" + Integer.toHexString(h.uflags()) + " has unknown bits");
        }
        if (h.pidMax() <= 0) {
            problem(at, "HEADER pidMax " + h.pidMax() + " is not positive");
        }
        if (h.maxPidNsLevel() < 0) {
            problem(at, "HEADER maxPidNsLevel " + h.maxPidNsLevel() + " is negative");
        }
    }

    private boolean subtree() {
        return header != null && (header.uflags() & ImageFormat.CHECKPOINT_SUBTREE) != 0;
    }

    private void onContainer(long at, ImageRecord.Container c) {
        if (phase != Phase.CONTAINER) {
            unexpected(at, RecordType.CONTAINER);
            return;
        }
        container = c;
        phase = Phase.TREE;
        if (c.rootIndex() != 0) {
            problem(at, "CONTAINER rootIndex " + c.rootIndex() + " is not 0 (the root is TREE's first task)");
        }
        if (c.nrTasks() <= 0) {
            problem(at, "CONTAINER nrTasks " + Integer.toUnsignedString(c.nrTasks()) + ": a checkpoint has at least its root");
        }
        if ((c.flags() & ~(ImageFormat.CHECKPOINT_SUBTREE | ImageFormat.CONTAINER_SELF)) != 0) {
            problem(at, "CONTAINER flags 0x" + Integer.toHexString(c.flags()) + " has unknown bits");
        }
        if (((c.flags() & ImageFormat.CHECKPOINT_SUBTREE) != 0) != subtree()) {
            problem(at, "CONTAINER's subtree flag disagrees with HEADER's uflags");
        }
        if (c.rootPidLevel() < 0 || c.rootPidLevel() > header.maxPidNsLevel()) {
            problem(at, "CONTAINER rootPidLevel " + c.rootPidLevel() + " is outside 0.." + header.maxPidNsLevel());
        }
    }

    private void onTree(long at, ImageRecord.Tree t) {
        if (phase != Phase.TREE) {
            unexpected(at, RecordType.TREE);
            return;
        }
        tree = t.entries();
        phase = Phase.TASKS;
        if (tree.size() != container.nrTasks()) {
            problem(at, "TREE has " + tree.size() + " tasks, CONTAINER says " + Integer.toUnsignedString(container.nrTasks()));
        }
        Set<Integer> pids = new HashSet<>();
        Deque<Integer> path = new ArrayDeque<>();
        for (int i = 0; i < tree.size(); i++) {
            checkTreeEntry(at, i, tree.get(i), path, pids);
        }
        checkThreads(at);
    }

    /**
     * Thread groups as Linux has them: a thread (tgid other than its pid) belongs to a leader of
     * the image (tgid is the leader's own pid), with the same parent, session, group and
     * namespace, since those are the group's (signal_struct); it lives (a thread other than the
     * leader is released as it exits) and leads no session or group. The leader may be a zombie
     * whose threads live on.
     */
    private void checkThreads(long at) {
        Map<Integer, ImageRecord.TreeEntry> byPid = new HashMap<>();
        Set<Integer> ids = new HashSet<>();
        for (ImageRecord.TreeEntry e : tree) {
            byPid.putIfAbsent(e.pid(), e);
            ids.add(e.sid());
            ids.add(e.pgid());
        }
        for (int i = 0; i < tree.size(); i++) {
            ImageRecord.TreeEntry e = tree.get(i);
            String who = "TREE entry " + i + " (pid " + e.pid() + ")";
            if (e.tgid() == e.pid()) {
                continue;
            }
            ImageRecord.TreeEntry leader = byPid.get(e.tgid());
            if (e.tgid() == 0 || leader == null) {
                problem(at, who + ": its thread group " + e.tgid() + " has no leader in the image");
            } else if (i == 0) {
                problem(at, who + ": the root is a thread of " + e.tgid() + ", not its group's leader");
            } else if (leader.tgid() != leader.pid()) {
                problem(at, who + ": its thread group leader " + leader.pid() + " is itself a thread of " + leader.tgid());
            } else if (leader.ppid() != e.ppid() || leader.sid() != e.sid() || leader.pgid() != e.pgid()
                    || leader.pids().size() != e.pids().size()) {
                problem(at, who + ": a thread of " + leader.pid() + " with another parent, session, group or "
                        + "namespace than its leader's (a thread group shares them)");
            } else if (e.state() == ImageRecord.TreeEntry.ZOMBIE) {
                problem(at, who + ": a zombie thread (a thread other than its group's leader is released as it exits)");
            } else if (ids.contains(e.pid())) {
                problem(at, who + ": a thread that is not its group's leader leads a session or process group");
            }
        }
    }

    /** One entry: its place in the depth-first order, its parent, its pids, its state. */
    private void checkTreeEntry(long at, int i, ImageRecord.TreeEntry e, Deque<Integer> path, Set<Integer> pids) {
        String who = "TREE entry " + i + " (pid " + e.pid() + ")";
        int p = e.parentIndex();
        if (i == 0) {
            if (p != -1) {
                problem(at, who + ": the root's parentIndex is " + p + ", not -1");
            }
            if (e.pids().size() != 1) {
                problem(at, who + ": the root has " + e.pids().size() + " pid levels below its own namespace, not 1");
            }
        } else if (p == -1 && e.tgid() == tree.get(0).pid() && e.tgid() != e.pid()) {
            // a thread of the root: its parent is the root's, outside the tree
            path.clear();
            if (e.ppid() != tree.get(0).ppid()) {
                problem(at, who + ": a thread of the root whose ppid " + e.ppid() + " is not the root's " + tree.get(0).ppid());
            }
        } else if (p < 0 || p >= i) {
            problem(at, who + ": parentIndex " + p + " is not an earlier entry (parents come before children)");
        } else {
            while (!path.isEmpty() && path.peek() != p) {
                path.pop();
            }
            if (path.isEmpty()) {
                problem(at, who + ": its parent, entry " + p + ", was left already: the entries are not depth-first");
            }
            ImageRecord.TreeEntry parent = tree.get(p);
            if (e.ppid() != parent.pid()) {
                problem(at, who + ": ppid " + e.ppid() + " is not its parent's pid " + parent.pid());
            }
            if (e.pids().size() < parent.pids().size()) {
                problem(at, who + ": " + e.pids().size() + " pid levels, fewer than its parent's "
                        + parent.pids().size() + " (a child's namespace is its parent's or nested in it)");
            }
        }
        path.push(i);
        if (e.pid() <= 0) {
            problem(at, who + ": the pid is not positive");
        } else if (!pids.add(e.pid())) {
            problem(at, who + ": pid " + e.pid() + " appears twice");
        }
        if (e.pids().isEmpty() || e.pids().get(0) != e.pid()) {
            problem(at, who + ": pids " + e.pids() + " do not start with its pid");
        }
        if (e.pids().stream().anyMatch(v -> v <= 0)) {
            problem(at, who + ": pids " + e.pids() + " has a pid that is not positive");
        }
        if (header != null && e.pids().size() > header.maxPidNsLevel() + 1L) {
            problem(at, who + ": " + e.pids().size() + " pid levels, more than maxPidNsLevel + 1");
        }
        if (e.tgid() < 0 || e.pgid() < 0 || e.sid() < 0 || e.ppid() < 0) {
            problem(at, who + ": a negative ppid, tgid, pgid or sid (0 is CKPT_PID_NULL)");
        }
        if (e.state() != ImageRecord.TreeEntry.RUNNING && e.state() != ImageRecord.TreeEntry.ZOMBIE) {
            problem(at, who + ": state " + Integer.toUnsignedString(e.state()) + " is neither 0 (running) nor 1 (zombie)");
        }
        if (Integer.compareUnsigned(e.exitSignal(), ImageFormat.NSIG) > 0) {
            problem(at, who + ": exitSignal " + Integer.toUnsignedString(e.exitSignal()) + " is not a signal");
        }
    }

    // ---- tasks ----

    private String taskLabel(int i) {
        return "task " + i + " (pid " + tree.get(i).pid() + ")";
    }

    private boolean zombie(int i) {
        return tree.get(i).state() == ImageRecord.TreeEntry.ZOMBIE;
    }

    private void onTask(long at, ImageRecord.Task t) {
        if (phase != Phase.TASKS || task != -1) {
            unexpected(at, RecordType.TASK);
            return;
        }
        if (nextTask >= tree.size()) {
            stop(at, "a TASK record after all " + tree.size() + " tasks of TREE");
            return;
        }
        if (t.taskIndex() != nextTask) {
            problem(at, "TASK taskIndex " + Integer.toUnsignedString(t.taskIndex()) + " is not " + nextTask
                    + " (tasks come in TREE order)");
        }
        task = nextTask;
        taskChildren.clear();
        lastTopRank = -1;
        if ((t.flags() & ~ImageRecord.Task.SUBREAPER) != 0) {
            problem(at, "TASK flags 0x" + Integer.toHexString(t.flags()) + " has unknown bits");
        }
        if (Integer.compareUnsigned(t.doomedBy(), ImageFormat.NSIG) > 0) {
            problem(at, "TASK doomedBy " + Integer.toUnsignedString(t.doomedBy()) + " is not a signal");
        }
    }

    private void onTaskObjs(long at, ImageRecord.TaskObjs o) {
        if (phase != Phase.TASKS || task == -1 || pages != null || !open.isEmpty()) {
            unexpected(at, RecordType.TASK_OBJS);
            return;
        }
        String user = taskLabel(task);
        if (zombie(task)) {
            if (!o.equals(ImageRecord.TaskObjs.NONE)) {
                problem(at, "TASK_OBJS of zombie " + user + " refers to objects: a zombie holds none");
            }
        } else {
            use(at, "TASK_OBJS filesRef", o.filesRef(), user, true, ObjType.FILE_TABLE);
            use(at, "TASK_OBJS mmRef", o.mmRef(), user, true, ObjType.MM);
            use(at, "TASK_OBJS fsRef", o.fsRef(), user, true, ObjType.FS);
            use(at, "TASK_OBJS sighandRef", o.sighandRef(), user, true, ObjType.SIGHAND);
        }
        unusedChildren(taskChildren, user, "its TASK_OBJS");
        task = -1;
        nextTask++;
    }

    private void onTail(long at) {
        if (phase != Phase.TASKS || task != -1 || nextTask < tree.size()) {
            unexpected(at, RecordType.TAIL);
            return;
        }
        phase = Phase.ENDED;
    }

    // ---- objects ----

    private boolean inTaskBody() {
        return phase == Phase.TASKS && task != -1 && pages == null && (open.isEmpty() || open.peek().vmasLeft == 0);
    }

    private void onObjRef(long at, ImageRecord.ObjRef r) {
        if (!inTaskBody()) {
            unexpected(at, RecordType.OBJREF);
            return;
        }
        String user = taskLabel(task);
        if (zombie(task)) {
            problem(at, "zombie " + user + " has objects: a zombie holds none");
        }
        int ref = r.objref();
        Obj known = objects.get(ref);
        if (ref <= 0) {
            problem(at, "OBJREF objref " + Integer.toUnsignedString(ref) + " is not positive");
        } else if (known != null) {
            problem(at, "objref " + ref + " is announced twice (first at offset " + known.offset + ")");
        } else if (ref != maxObjref + 1) {
            problem(at, "objref " + ref + " is announced where objref " + (maxObjref + 1)
                    + " was expected: objrefs are 1, 2, 3, ... in the order of their OBJREFs");
        }
        if ((r.flags() & ~ImageRecord.ObjRef.SHARED_OUTSIDE) != 0) {
            problem(at, "OBJREF flags 0x" + Integer.toHexString(r.flags()) + " has unknown bits");
        }
        if (r.sharedOutside() && !subtree()) {
            problem(at, "objref " + ref + " is SHARED_OUTSIDE in a checkpoint without CHECKPOINT_SUBTREE "
                    + "(a container checkpoint with an object shared outside is a leak: EBUSY)");
        }
        Frame parent = open.peek();
        String owner = parent == null ? user : "objref " + parent.obj.objref;
        if (parent == null) {
            int rank = r.objType().taskRank();
            if (rank < 0) {
                problem(at, r.objType() + " object announced directly in " + user
                        + ": a task refers only to FILE_TABLE, MM, FS and SIGHAND objects");
            } else if (rank <= lastTopRank) {
                problem(at, r.objType() + " object announced out of order in " + user
                        + ": a task's objects come as files, mm, fs, sighand");
            }
            lastTopRank = Math.max(lastTopRank, rank);
        } else if (!parent.obj.type.mayContain(r.objType())) {
            problem(at, r.objType() + " object announced inside " + parent.obj.label()
                    + ", which does not refer to one");
        }
        Obj o = new Obj(ref, r.objType(), r.sharedOutside(), at, owner);
        if (ref > 0 && known == null) {
            objects.put(ref, o);
            maxObjref = Math.max(maxObjref, ref);
        }
        (parent == null ? taskChildren : parent.children).add(o);
        open.push(new Frame(o));
    }

    /** A record carrying an object's state: it must be the state of the innermost announced object. */
    private void onState(long at, ImageRecord r) {
        RecordType type = r.type();
        if (!inTaskBody()) {
            unexpected(at, type);
            return;
        }
        Frame f = open.peek();
        if (f == null) {
            stop(at, type + " record without an OBJREF announcing its object");
            return;
        }
        if (f.obj.type.stateRecord() != type) {
            stop(at, type + " record where the state of " + f.obj.label() + " was expected");
            return;
        }
        String user = "objref " + f.obj.objref;
        if (r instanceof ImageRecord.FileTable t) {
            long lastFd = -1;
            for (ImageRecord.FdEntry e : t.fds()) {
                long fd = Integer.toUnsignedLong(e.fd());
                if (fd <= lastFd) {
                    problem(at, "FILE_TABLE fd " + fd + " after fd " + lastFd + ": descriptors come in increasing order");
                }
                lastFd = fd;
                use(at, "FILE_TABLE fd " + fd + " fileRef", e.fileRef(), user, true, ObjType.FILE);
            }
        } else if (r instanceof ImageRecord.File file) {
            use(at, "FILE inodeRef", file.inodeRef(), user, true, ObjType.INODE_REGULAR, ObjType.INODE_PIPE,
                    ObjType.INODE_SOCKET);
            if ((file.flags() & ~(ImageRecord.File.READABLE | ImageRecord.File.WRITABLE)) != 0) {
                problem(at, "FILE flags 0x" + Integer.toHexString(file.flags()) + " has unknown bits");
            }
        } else if (r instanceof ImageRecord.SocketInode s) {
            checkPeer(at, f.obj, s.peerRef());
        } else if (r instanceof ImageRecord.Sighand s) {
            checkSighand(at, s);
        } else if (r instanceof ImageRecord.Shmem s) {
            pages = new PageRun(f, "SHMEM objref " + f.obj.objref, Integer.toUnsignedLong(s.nrPages()), false, false);
            return;
        } else if (r instanceof ImageRecord.Mm m) {
            f.vmasLeft = Integer.toUnsignedLong(m.nrVmas());
            if (f.vmasLeft > 0) {
                return;
            }
        }
        complete(f);
    }

    /** A socket's peer is not a counted reference: only that it is an earlier socket, not a user. */
    private void checkPeer(long at, Obj self, int peer) {
        if (peer == 0) {
            return;
        }
        Obj p = objects.get(peer);
        if (p == null) {
            problem(at, "INODE_SOCKET peerRef " + peer + " is not defined before it (0 if the peer is written later)");
        } else if (p.type != ObjType.INODE_SOCKET) {
            problem(at, "INODE_SOCKET peerRef " + peer + " is of type " + p.type + ", not INODE_SOCKET");
        } else if (p == self) {
            problem(at, "INODE_SOCKET objref " + peer + " is its own peer");
        } else if (!p.complete) {
            problem(at, "INODE_SOCKET peerRef " + peer + " refers to a socket whose state is not complete before it");
        }
    }

    private void checkSighand(long at, ImageRecord.Sighand s) {
        long last = 0;
        for (ImageRecord.SigEntry e : s.entries()) {
            long sig = Integer.toUnsignedLong(e.signal());
            if (sig < 1 || sig > ImageFormat.NSIG) {
                problem(at, "SIGHAND signal " + sig + " is not a signal (1.." + ImageFormat.NSIG + ")");
            } else if (sig <= last) {
                problem(at, "SIGHAND signal " + sig + " after " + last + ": entries come in increasing signal order");
            }
            last = Math.max(last, sig);
            if (e.disposition() < ImageRecord.SigEntry.DEFAULT || e.disposition() > ImageRecord.SigEntry.HANDLE) {
                problem(at, "SIGHAND signal " + sig + " has disposition " + Integer.toUnsignedString(e.disposition())
                        + " (0 default, 1 ignore, 2 handle)");
            } else if ((sig == 9 || sig == 19) && e.disposition() != ImageRecord.SigEntry.DEFAULT) {
                problem(at, "SIGHAND signal " + sig + " (SIGKILL or SIGSTOP) can be neither ignored nor handled");
            }
        }
    }

    private void onVma(long at, ImageRecord.Vma v) {
        Frame f = open.peek();
        if (phase != Phase.TASKS || pages != null || f == null || f.vmasLeft <= 0) {
            unexpected(at, RecordType.VMA);
            return;
        }
        String user = "objref " + f.obj.objref;
        String what = "VMA '" + v.name() + "'";
        if ((v.flags() & ~ImageRecord.Vma.SHARED) != 0) {
            problem(at, what + " flags 0x" + Integer.toHexString(v.flags()) + " has unknown bits");
        }
        if (v.shared()) {
            if (v.shmemRef() == 0) {
                problem(at, "shared " + what + " has no shmemRef (its pages live in a SHMEM object)");
            } else {
                use(at, what + " shmemRef", v.shmemRef(), user, true, ObjType.SHMEM);
            }
        } else if (v.shmemRef() != 0) {
            problem(at, "private " + what + " has shmemRef " + v.shmemRef() + " (0 for a private region)");
        }
        if (v.fileRef() != 0) {
            use(at, what + " fileRef", v.fileRef(), user, false, ObjType.FILE);
        }
        pages = new PageRun(f, what + " of objref " + f.obj.objref, Integer.toUnsignedLong(v.nrPages()), true,
                v.shared());
    }

    private void onPages(long at, ImageRecord.PageChunk c) {
        if (phase != Phase.TASKS || pages == null) {
            unexpected(at, RecordType.PGARR);
            return;
        }
        PageRun run = pages;
        if (c.nrPages() == 0) {
            pages = null;
            if (!run.vma || --run.owner.vmasLeft == 0) {
                complete(run.owner);
            }
            return;
        }
        if (run.noPages) {
            problem(at, "PGARR with pages for shared " + run.what + ": its pages are in its SHMEM");
        }
        for (long p : c.pageIndexes()) {
            if (p < run.next) {
                problem(at, "PGARR page " + Long.toUnsignedString(p) + " of " + run.what
                        + " does not follow page " + (run.next - 1) + ": page indexes increase");
                break;
            }
            if (p >= run.size) {
                problem(at, "PGARR page " + p + " is beyond the " + run.size + " pages of " + run.what);
                break;
            }
            run.next = p + 1;
        }
    }

    /** The innermost object's state is complete: its children must all be used by it. */
    private void complete(Frame f) {
        open.pop();
        f.obj.complete = true;
        if (!f.children.isEmpty()) { // the owner's name is made only when there is a child to look for it
            unusedChildren(f.children, "objref " + f.obj.objref, "its state");
        }
    }

    private void unusedChildren(List<Obj> children, String owner, String by) {
        for (Obj c : children) {
            if (!c.users.contains(owner)) {
                problem(c.offset, c.label() + ", announced inside " + owner + ", is not used by " + by);
            }
        }
    }

    /**
     * A record's use of an objref: defined before, complete before, of an expected kind; the first
     * use must come from where it was announced.
     */
    private void use(long at, String field, int ref, String user, boolean required, ObjType... kinds) {
        Set<ObjType> allowed = EnumSet.of(kinds[0], kinds);
        String kindName = kinds.length == 1 ? kinds[0].toString() : "INODE_REGULAR, INODE_PIPE or INODE_SOCKET";
        if (ref == 0) {
            if (required) {
                problem(at, field + " is 0, but " + user + " must name an object of type " + kindName);
            }
            return;
        }
        Obj o = objects.get(ref);
        if (o == null) {
            problem(at, field + " " + ref + " refers to an objref not defined before it");
            return;
        }
        if (!o.complete) {
            problem(at, field + " " + ref + " refers to " + o.label() + " before its state is complete");
        }
        if (!allowed.contains(o.type)) {
            problem(at, field + " " + ref + " is of type " + o.type + ", not " + kindName);
        }
        if (o.users.isEmpty() && !o.announcedIn.equals(user)) {
            problem(at, o.label() + " was announced inside " + o.announcedIn + " but is first used by " + user);
        }
        if (!o.users.contains(user)) {
            o.users.add(user);
        }
    }

    // ---- order ----

    /** What the image's grammar expects next, in words. */
    private String expected() {
        switch (phase) {
            case HEADER: return "HEADER";
            case CONTAINER: return "CONTAINER";
            case TREE: return "TREE";
            case ENDED:
            case STOPPED: return "nothing";
            default: break;
        }
        if (task == -1) {
            return nextTask < tree.size() ? "TASK " + nextTask : "TAIL";
        }
        if (pages != null) {
            return "PGARR of " + pages.what;
        }
        Frame f = open.peek();
        if (f == null) {
            return "OBJREF or TASK_OBJS of " + taskLabel(task);
        }
        if (f.vmasLeft > 0) {
            return "VMA of " + f.obj.label();
        }
        return "OBJREF or the " + f.obj.type.stateRecord() + " of " + f.obj.label();
    }

    private void unexpected(long at, RecordType type) {
        stop(at, type + " record where " + expected() + " was expected");
    }

    private void stop(long at, String text) {
        problem(at, text + "; checking stopped here");
        phase = Phase.STOPPED;
    }

    private void problem(long at, String text) {
        problems.add(new ImageProblem(at, text));
    }
}
