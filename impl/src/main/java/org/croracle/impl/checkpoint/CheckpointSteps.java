package org.croracle.impl.checkpoint;

import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.CheckpointError;
import org.croracle.impl.kernel.CheckpointFlags;
import org.croracle.impl.kernel.CheckpointPhase;
import org.croracle.impl.kernel.DumpRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.freezer.Freezer;
import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.OpenFile;
import org.croracle.impl.image.ImageFormat;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ImageWriter;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.Tunables;
import org.croracle.impl.kernel.KObject;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.ObjectTable;
import org.croracle.impl.kernel.Persistent;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.process.TaskCalls;
import org.croracle.impl.kernel.Transition;

/**
 * The steps of checkpoint() (linux-cr's do_checkpoint), each a kernel step on the state with the
 * call's context in it: SharedObjects.tla's actions, one for one. A step that fails records the
 * failure in the context and ends the image with an ERROR record; the call then only ends.
 */
public final class CheckpointSteps {
    private CheckpointSteps() {}

    /**
     * sys_checkpoint and ckpt_ctx_alloc: the checks that come before there is a context (flags,
     * privilege, fd and logfd, the root, the tree and ptrace access). A failure here changes
     * nothing. On success the context holds a reference on the files at fd and logfd.
     */
    public static Transition<Integer> alloc(KernelState s, int callerPid, int pid, int flags, int fd, int logfd,
                                            int unprivAllowed) {
        Transition<Integer> bad = TaskCalls.checkCaller(s, callerPid);
        if (bad != null) {
            return bad;
        }
        Task caller = s.tasks().get(callerPid);
        if ((flags & ~CheckpointFlags.USER_FLAGS) != 0) {
            return Transition.error(Errno.EINVAL, "unknown checkpoint flags 0x" + Integer.toHexString(flags), s);
        }
        if (unprivAllowed == 0 && !caller.privileged()) {
            return Transition.error(Errno.EPERM, "ckpt_unpriv_allowed is 0 and the caller lacks CAP_SYS_ADMIN", s);
        }
        Integer imageFile = writableFile(s, caller, fd);
        if (imageFile == null) {
            return Transition.error(Errno.EBADF, "fd " + fd + " is not a file open for writing", s);
        }
        Integer logFile = logfd == CheckpointFlags.FD_NONE ? Integer.valueOf(0) : writableFile(s, caller, logfd);
        if (logFile == null) {
            return Transition.error(Errno.EBADF, "logfd " + logfd + " is not a file open for writing", s);
        }
        boolean self = pid == 0;
        int rootPid = self ? callerPid : pid;
        Task root = s.tasks().get(rootPid);
        if (root == null || !s.visibleIn(rootPid, caller.ns())) {
            return Transition.error(Errno.ESRCH, "no task " + pid + " in the caller's namespace", s);
        }
        boolean subtree = (flags & CheckpointFlags.SUBTREE) != 0;
        if (!subtree && root.pidAt(root.level()) != 1) {
            return Transition.error(Errno.EINVAL, "task " + rootPid + " is not a container init (pid "
                    + root.pidAt(root.level()) + " in its namespace) and CHECKPOINT_SUBTREE is not set", s);
        }
        if (!root.isThreadGroupLeader()) {
            // its leader and the rest of its group would be outside the tree, sharing its objects
            return Transition.error(Errno.EINVAL, "task " + rootPid + " is a thread of " + root.tgid()
                    + ": a checkpoint's root leads its thread group", s);
        }
        List<Integer> tree = CheckpointTree.of(s, rootPid);
        if (!caller.privileged()) {
            for (int t : tree) {
                if (s.tasks().get(t).uid() != caller.uid()) {
                    return Transition.error(Errno.EPERM, "the caller (uid " + caller.uid() + ") may not ptrace task "
                            + t + " (uid " + s.tasks().get(t).uid() + ")", s);
                }
            }
        }
        TreeMap<Integer, Integer> ctxRefs = new TreeMap<>();
        ctxRefs.merge(imageFile, 1, Integer::sum);
        if (logFile != 0) {
            ctxRefs.merge(logFile, 1, Integer::sum);
        }
        CheckpointContext prev = s.checkpoint();
        CheckpointContext ctx = CheckpointContext.start(prev == null ? 1 : prev.id() + 1,
                prev == null ? 0 : prev.issuedAfter(), callerPid, rootPid, flags, self, tree, gate(s, caller, root, self, tree),
                ctxRefs);
        ObjectTable.Builder objects = s.objects().edit();
        ctxRefs.forEach((file, n) -> {
            for (int i = 0; i < n; i++) {
                objects.ref(file); // fget
            }
        });
        return Transition.ok(ctx.id(), s.withObjects(objects.build()).withCheckpoint(ctx));
    }

    /** The object id of the file at fd if it is open for writing. */
    private static Integer writableFile(KernelState s, Task caller, int fd) {
        FdTable table = s.objects().get(caller.res().files(), FdTable.class);
        FdTable.Fd entry = table == null ? null : table.fds().get(fd);
        if (entry == null) {
            return null;
        }
        OpenFile f = s.objects().get(entry.file(), OpenFile.class);
        return f != null && f.writable() ? entry.file() : null;
    }

    /**
     * The freezer cgroup the call must take: the root's; for a self checkpoint, that of another
     * live task of the tree (get_freezer_task), or none if there is none.
     */
    private static String gate(KernelState s, Task caller, Task root, boolean self, List<Integer> tree) {
        if (!self) {
            return root.cgroup();
        }
        for (int pid : tree) {
            Task t = s.tasks().get(pid);
            if (pid != caller.pid() && !t.isZombie()) {
                return t.cgroup();
            }
        }
        return null;
    }

    /** Begin / BeginSelf / BeginBusy: cgroup_freezer_begin_checkpoint. */
    public static Transition<Void> begin(KernelState s, Freezer freezer, ImageWriter out, Consumer<String> log) {
        CheckpointContext ctx = s.checkpoint();
        if (ctx.gate() == null) {
            log.accept("begin: a self checkpoint with no other live task: no freezer gate");
            return Transition.ok(null, s.withCheckpoint(ctx.withPhase(CheckpointPhase.BEGUN)));
        }
        Transition<Void> t = Cgroup.ROOT.equals(ctx.gate())
                ? Transition.error(Errno.EBUSY, "the root cgroup cannot be frozen", s)
                : freezer.beginCheckpoint(s, ctx.gate());
        if (!t.result().isOk()) {
            String why = "freezer cgroup " + ctx.gate() + ": " + t.result().reason() + " (freeze the tree first)";
            return fail(s, ctx, CheckpointError.FREEZER, 0, why, out, log);
        }
        log.accept("begin: freezer cgroup " + ctx.gate() + " FROZEN -> CHECKPOINTING");
        return Transition.ok(null, t.next().withCheckpoint(ctx.withGateTaken()));
    }

    /**
     * Scan1 / ScanBusy(t): build_tree's first walk of the tree, after the freezer gate (linux-cr's
     * tree_count_tasks): may_checkpoint_task for every task it finds (EBUSY for one the freezer
     * does not hold), and the count kept for the second walk.
     */
    public static Transition<Void> count(KernelState s, ImageWriter out, Consumer<String> log) {
        CheckpointContext ctx = s.checkpoint();
        List<Integer> now = walk(s, ctx);
        for (int pid : now) {
            Task t = s.tasks().get(pid);
            if (pid != ctx.caller() && !t.isZombie() && !t.cgroup().equals(ctx.gate())) {
                return fail(s, ctx, CheckpointError.STRANGER, pid, "task " + pid + " is not frozen in cgroup "
                        + ctx.gate() + " (it is " + t.state().name().toLowerCase() + " in cgroup " + t.cgroup() + ")", out, log);
            }
        }
        log.accept("count: " + now.size() + " tasks");
        CheckpointContext counted = ctx.withHistory(ctx.history().withFirstWalk(now)).withPhase(CheckpointPhase.COUNTED);
        return Transition.ok(null, s.withCheckpoint(counted));
    }

    /**
     * Scan2 / ScanChanged: build_tree's second walk fills the array (tasklist_lock was dropped
     * between the two walks, for the allocation), and a count different from the first walk's is
     * EBUSY, "the tree changed between the two scans". Once the first walk has found every task
     * frozen in a CHECKPOINTING cgroup, which nothing may leave or thaw, nothing changes between
     * them: the check guards against a freezer that lets a task go.
     */
    public static Transition<Void> scan(KernelState s, LeakCheck checks, ImageWriter out, Consumer<String> log) {
        CheckpointContext ctx = s.checkpoint();
        List<Integer> first = ctx.history().firstWalk();
        List<Integer> now = walk(s, ctx);
        if (checks.treeChanged(first, now)) {
            return fail(s, ctx, CheckpointError.CHANGED, 0, "the tree changed between the two scans (" + first.size()
                    + " tasks " + first + ", then " + now.size() + " " + now + ")", out, log);
        }
        // The second walk fills an array of the first walk's size (ctx->tasks_arr): the tasks past
        // it are not in it. With the counts compared (linux-cr), the two sizes are the same here.
        List<Integer> filled = now.size() > first.size() ? now.subList(0, first.size()) : now;
        CheckpointContext scanned = filled.equals(ctx.tree()) ? ctx : ctx.withTree(filled);
        log.accept("scan: " + filled.size() + " tasks " + filled);
        return Transition.ok(null, s.withCheckpoint(scanned.withPhase(CheckpointPhase.SCANNED)));
    }

    /** The root and its descendants now (none once the root is gone). */
    private static List<Integer> walk(KernelState s, CheckpointContext ctx) {
        return s.tasks().get(ctx.root()) == null ? List.of() : CheckpointTree.of(s, ctx.root());
    }

    /** Collect(t): ckpt_collect_task for the task at the cursor. */
    public static Transition<Void> collect(KernelState s, Consumer<String> log) {
        CheckpointContext ctx = s.checkpoint();
        Objhash hash = new Objhash(Persistent.edit(ctx.objrefs()), Persistent.edit(ctx.users()));
        Task t = s.tasks().get(ctx.current());
        for (int id : t.res().ids()) {
            hash.collect(s, id);
        }
        log.accept("collect: task " + t.pid() + ": " + (hash.objrefs.size() - ctx.objrefs().size()) + " new objects");
        return Transition.ok(null, s.withCheckpoint(ctx.collected(hash.objrefs.build(), hash.users.build())));
    }

    /** The objhash as one collect step grows it (persistent maps: the context's own stay as they were). */
    private static final class Objhash {
        final Persistent.IntMapEditor<Integer> objrefs;
        final Persistent.IntMapEditor<Integer> users;

        Objhash(Persistent.IntMapEditor<Integer> objrefs, Persistent.IntMapEditor<Integer> users) {
            this.objrefs = objrefs;
            this.users = users;
        }

        /** ckpt_obj_lookup_add: a new object gets the next objref and its references are walked; a known one gains a user. */
        void collect(KernelState s, int id) {
            if (objrefs.containsKey(id)) {
                users.put(id, users.get(id) + 1);
                return;
            }
            objrefs.put(id, objrefs.size() + 1);
            users.put(id, 1);
            for (int child : s.objects().get(id).references()) {
                collect(s, child);
            }
        }
    }

    /**
     * LeakCheckPasses / LeakFound(o) / LeakCheckSkipped: ckpt_obj_contained, then (the dump
     * begins) the header, the container and the tree.
     */
    public static Transition<Void> leakCheck(KernelState s, Tunables config, LeakCheck leaks, long time, ImageWriter out,
                                             Consumer<String> log) {
        CheckpointContext ctx = s.checkpoint();
        if (!ctx.subtree()) {
            Integer leak = firstByObjref(ctx, id -> leaks.isLeak(s, ctx, id));
            if (leak != null) {
                return fail(s, ctx, CheckpointError.LEAK, leak, Leaks.describe(s, ctx, leak), out, log);
            }
            log.accept("leak check: " + ctx.objrefs().size() + " objects, none held from outside the tree");
        } else {
            for (Map.Entry<Integer, Integer> e : byObjref(ctx)) {
                if (Leaks.isLeak(s, ctx, e.getKey())) {
                    KObject o = s.objects().get(e.getKey());
                    log.accept("subtree: shared with the outside: " + (o == null ? "a dropped object" : o.kind())
                            + " objref " + e.getValue());
                }
            }
        }
        try {
            Task root = s.tasks().get(ctx.root());
            out.write(ImageRecord.Header.of(config.pidMax(), config.maxLevel(), time, ctx.flags(),
                    "cr-oracle simulated kernel (linux-cr v21 semantics)"));
            int containerFlags = ctx.flags() | (ctx.self() ? ImageFormat.CONTAINER_SELF : 0);
            out.write(new ImageRecord.Container(0, ctx.tree().size(), containerFlags, root.level()));
            out.write(CheckpointTree.record(s, ctx.tree()));
        } catch (IOException e) {
            return fail(s, ctx, CheckpointError.IO, 0, "writing the image: " + e.getMessage(), out, log);
        }
        CheckpointContext dumping = ctx.dumping();
        if (ctx.concurrent()) {
            java.util.SortedSet<Integer> reached = RaceHistory.outsideReach(s, ctx);
            dumping = dumping.withHistory(ctx.history().withAtCheck(reached, RaceHistory.tablesAmong(s, reached)));
        }
        return Transition.ok(null, s.withCheckpoint(dumping));
    }

    /**
     * The collected object with the lowest objref that {@code test} holds for, or null if none:
     * the first that a walk in objref order would stop at. The walk goes in object id order
     * instead, which reads the objhash and the object table (tries by id) leaf after leaf; in
     * objref order, which is the order of the tree's depth-first walk, each object was a jump
     * to another part of them, and at half a million objects nearly every one missed the cache
     * (the leak and visit checks took twice as long per task at 100,000 tasks as at 1,000).
     */
    private static Integer firstByObjref(CheckpointContext ctx, IntPredicate test) {
        Integer found = null;
        int foundRef = Integer.MAX_VALUE;
        for (Map.Entry<Integer, Integer> e : ctx.objrefs().entrySet()) {
            int ref = e.getValue();
            if (ref < foundRef && test.test(e.getKey())) {
                found = e.getKey();
                foundRef = ref;
            }
        }
        return found;
    }

    /**
     * The objhash's entries in objref order. Collect numbers the objects 1, 2, 3... as it meets
     * them, so each entry's place is its objref: half a million objects are put in order in one
     * pass instead of a sort.
     */
    @SuppressWarnings("unchecked")
    private static List<Map.Entry<Integer, Integer>> byObjref(CheckpointContext ctx) {
        Map.Entry<Integer, Integer>[] l = new Map.Entry[ctx.objrefs().size()];
        for (Map.Entry<Integer, Integer> e : ctx.objrefs().entrySet()) {
            int at = e.getValue() - 1;
            if (at < 0 || at >= l.length || l[at] != null) {
                List<Map.Entry<Integer, Integer>> sorted = new ArrayList<>(ctx.objrefs().entrySet());
                sorted.sort(Map.Entry.comparingByValue());
                return sorted; // not numbered 1..n (never so from collect): sorted as they are
            }
            l[at] = e;
        }
        return Arrays.asList(l);
    }

    /** DumpTask(t): checkpoint_task for the task at the cursor. */
    public static Transition<Void> dumpTask(KernelState s, LeakCheck checks, ImageWriter out, Consumer<String> log) {
        CheckpointContext ctx = s.checkpoint();
        Task t = s.tasks().get(ctx.current());
        ObjectDumper dumper = new ObjectDumper(s, ctx, out, checks.refusesUncollected());
        try {
            out.write(new ImageRecord.Task(ctx.cursor() - 1, t.uid(), t.gid(), t.subreaper() ? ImageRecord.Task.SUBREAPER : 0,
                    mask(t.blocked()), mask(t.pending()), t.doomedBy() == null ? 0 : t.doomedBy().number()));
            List<Integer> uses = new ArrayList<>();
            for (int id : t.res().ids()) {
                uses.add(dumper.dump(id));
            }
            out.write(uses.isEmpty() ? ImageRecord.TaskObjs.NONE
                    : new ImageRecord.TaskObjs(uses.get(0), uses.get(1), uses.get(2), uses.get(3)));
            List<DumpRecord> records = dumper.records(new DumpRecord("task", t.pid(), 0, "", uses, false));
            log.accept("dump: task " + t.pid() + (t.isZombie() ? " (zombie)" : "") + ", objrefs " + uses);
            return Transition.ok(null, s.withCheckpoint(ctx.dumped(dumper.written(), dumper.visits(), records)));
        } catch (IOException e) {
            return fail(s, ctx, CheckpointError.IO, 0, "writing the image: " + e.getMessage(), out, log);
        } catch (ObjectDumper.ReverseLeak e) {
            // Collect walked the same references: the object appeared while the call ran (a task
            // outside the container installed it in a table the tree shares).
            return fail(s, ctx, CheckpointError.REVERSE, e.object, "reverse leak: " + describe(s, e.object)
                    + " was met by the dump of task " + t.pid() + " but never collected", out, log);
        }
    }

    private static long mask(java.util.Set<Signal> signals) {
        long m = 0;
        for (Signal sig : signals) {
            m |= 1L << (sig.number() - 1);
        }
        return m;
    }

    /** An object as the log names it. */
    private static String describe(KernelState s, int id) {
        var o = s.objects().get(id);
        return (o == null ? "object" : o.kind()) + " " + id;
    }

    /**
     * VisitCheck / NotVisited(o): ckpt_obj_visited, every collected object met by the dump as
     * many times as collect counted it, else EBUSY "leak: not visited".
     */
    public static Transition<Void> visitCheck(KernelState s, LeakCheck checks, ImageWriter out, Consumer<String> log) {
        CheckpointContext ctx = s.checkpoint();
        if (!ctx.subtree()) {
            Integer unvisited = firstByObjref(ctx, id -> checks.notVisited(ctx.users().get(id), ctx.visits().getOrDefault(id, 0)));
            if (unvisited != null) {
                int o = unvisited;
                int met = ctx.visits().getOrDefault(o, 0);
                return fail(s, ctx, CheckpointError.UNVISITED, o, "leak: not visited: " + describe(s, o) + ": the dump met "
                        + met + " of its references, collect counted " + ctx.users().get(o), out, log);
            }
        }
        return Transition.ok(null, s.withCheckpoint(ctx.withPhase(CheckpointPhase.DUMPED)));
    }

    /** WriteTail: checkpoint_write_tail; the call will return the next checkpoint id. */
    public static Transition<Long> tail(KernelState s, ImageWriter out, Consumer<String> log) {
        CheckpointContext ctx = s.checkpoint();
        int tailCrc;
        try {
            tailCrc = out.crc(); // what the TAIL records: the CRC of every byte before it
            out.writeTail();
            out.flush();
        } catch (IOException e) {
            return fail(s, ctx, CheckpointError.IO, 0, "writing the image: " + e.getMessage(), out, log);
        }
        CheckpointContext done = ctx.tailWritten();
        // the value ckptinfo shows in the TAIL record, so that the log and the image can be compared
        // (concatenated, not String.format: the formatter's parse cost a round trip of a small tree 5%)
        String hex = Integer.toHexString(tailCrc);
        log.accept("tail: " + out.offset() + " bytes, TAIL crc32c 0x" + "00000000".substring(hex.length()) + hex
                + ", ckptid " + done.ckptid());
        return Transition.ok(done.ckptid(), s.withCheckpoint(done));
    }

    /** End: cgroup_freezer_end_checkpoint if the call took the cgroup; the context drops its files (fput). */
    public static Transition<Void> end(KernelState s, Freezer freezer) {
        CheckpointContext ctx = s.checkpoint();
        KernelState next = s;
        if (ctx.gateTaken()) {
            Transition<Void> t = freezer.endCheckpoint(s, ctx.gate());
            if (!t.result().isOk()) {
                throw new IllegalStateException("checkpoint end: " + t.result());
            }
            next = t.next();
        }
        ObjectTable.Builder objects = next.objects().edit();
        ctx.ctxRefs().forEach((file, n) -> {
            for (int i = 0; i < n; i++) {
                objects.unref(file);
            }
        });
        return Transition.ok(null, next.withObjects(objects.build()).withCheckpoint(ctx.ended()));
    }

    /** The call fails: ERROR record (errno and message) ends the image, the log says why. */
    private static <T> Transition<T> fail(KernelState s, CheckpointContext ctx, CheckpointError why, int who,
                                          String message, ImageWriter out, Consumer<String> log) {
        log.accept("error: " + message);
        Errno errno = why == CheckpointError.IO ? Errno.EIO : Errno.EBUSY;
        try {
            if (!out.ended()) {
                out.writeError(errno.number(), message);
                out.flush();
            }
        } catch (IOException e) {
            log.accept("error: cannot write the ERROR record: " + e.getMessage());
        }
        return new Transition<>(Result.error(errno, message), s.withCheckpoint(ctx.failed(why, who, message)));
    }
}
