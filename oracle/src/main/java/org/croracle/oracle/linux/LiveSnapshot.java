package org.croracle.oracle.linux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import org.croracle.impl.image.ImageFormat;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ImageWriter;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.Signal;

/**
 * A snapshot of a live process tree of this machine, one that nothing in this project made: the
 * tree below a root pid read from {@code /proc}, its sharing found with kcmp(2), written in the
 * project's image format, with linux-cr's leak verdict computed on it.
 *
 * <p>What the image holds, per task: the TREE entry (pid vector from NSpid, parent, session and
 * group from NSsid and NSpgid in the root's namespace, state, a zombie's wait status from stat's
 * exit_code), the TASK record (uid, gid, blocked and pending signals), and for a live task its fd
 * table (regular files with path, offset, access and close-on-exec; pipes and sockets by inode),
 * its address space (every region of {@code maps}: its file, or anonymous, or shared memory), its
 * fs (cwd) and its signal dispositions. Tasks share one object where kcmp(2) says so (KCMP_FILES,
 * KCMP_VM, KCMP_FS, KCMP_SIGHAND, and KCMP_FILE for open files).
 *
 * <p>What {@code /proc} cannot show of another process is not guessed: the subreaper flag, pipe
 * contents, socket queues and peers, file and page contents are left out and named in the log.
 *
 * <p>The leak check is ckpt_obj_contained's question asked of the machine: for every object of
 * the tree, does a process outside the tree hold it too (its fd table, mm, fs or sighand per
 * kcmp; the same open file per KCMP_FILE; a pipe or socket inode in one of its fds; the same
 * shared memory in its maps)? A container (the root is its PID namespace's init) gets checkpoint()'s
 * verdict (EBUSY at the first leak); a subtree gets the SHARED_OUTSIDE mark on each such object.
 */
public final class LiveSnapshot {

    private LiveSnapshot() {}

    /** How the log says that checkpoint() would refuse the container read, the reason following. */
    public static final String CONTAINER_REFUSED = "leak check: checkpoint() of this container fails: ";

    /** The cgroup v1 freezer hierarchy. */
    static final Path FREEZER = Path.of("/sys/fs/cgroup/freezer");

    /** What a snapshot does about the tree running while it is read. */
    public enum Freeze {
        /** Freeze the tree's own freezer cgroup (one no task outside the tree is in); refuse if it has none. */
        OWN_CGROUP,
        /** Move the tree into a fresh freezer cgroup, freeze it, and move it back afterwards. */
        NEW_CGROUP,
        /** Read it running: the snapshot may be inconsistent. */
        UNFROZEN
    }

    /**
     * An object of the tree that something outside it holds too.
     *
     * @param object  the object, as the log names it ("pipe inode 1234 (objref 7)")
     * @param inside  its holders in the tree ("task 5 (bash) fd 3 (read end)")
     * @param outside its holders outside
     */
    public record Leak(String kind, int objref, String object, List<String> inside, List<String> outside) {
        public Leak {
            inside = List.copyOf(inside);
            outside = List.copyOf(outside);
        }
    }

    /**
     * A snapshot, or why there is none.
     *
     * @param image     the image (null on error)
     * @param log       the snapshot's log, in the style of checkpoint()'s
     * @param leaks     every object held from outside the tree
     * @param container the root is its PID namespace's init (the whole-container verdict applies)
     * @param labels    each task's comm, by its pid in the root's namespace
     * @param error     one line: what went wrong (null on success)
     * @param unsupported the error is this machine's limit (not root, no helper, no kcmp)
     * @param refused     the error is in what was asked (no such process, no freezer cgroup of its own)
     */
    public record Outcome(byte[] image, List<String> log, List<Leak> leaks, boolean container,
                          Map<Integer, String> labels, String error, boolean unsupported, boolean refused) {
        public Outcome {
            log = List.copyOf(log);
            leaks = List.copyOf(leaks);
            labels = Map.copyOf(labels);
        }

        public boolean ok() {
            return error == null;
        }

        static Outcome failed(String error, boolean unsupported, List<String> log) {
            return new Outcome(null, log, List.of(), false, Map.of(), error, unsupported, false);
        }

        static Outcome refused(String error, List<String> log) {
            return new Outcome(null, log, List.of(), false, Map.of(), error, false, true);
        }
    }

    /** Takes a snapshot of the tree at {@code root} (a pid of this reader's /proc). */
    public static Outcome take(int root, Freeze freeze, long timeoutMs) {
        return take(root, freeze, timeoutMs, pid -> { });
    }

    /** As {@link #take(int, Freeze, long)}, calling {@code beforeRead} before each task is read (tests make one vanish). */
    static Outcome take(int root, Freeze freeze, long timeoutMs, IntConsumer beforeRead) {
        List<String> log = new ArrayList<>();
        if (effectiveUid() != 0) {
            return Outcome.failed("snapshot needs root: kcmp(2), other users' /proc/PID/fd and the freezer need it"
                    + " (effective uid " + effectiveUid() + ")", true, log);
        }
        if (root <= 0 || !Files.isDirectory(LiveProc.proc(root))) {
            return Outcome.refused("no process " + root + " (/proc/" + root + " does not exist)", log);
        }
        LiveHelper helper;
        try {
            helper = LiveHelper.start(timeoutMs);
        } catch (CrLinux.Unavailable e) {
            return Outcome.failed(e.getMessage(), e.unsupported(), log);
        }
        Outcome out;
        try {
            out = new Reader(helper, root, log).run(freeze, beforeRead);
        } catch (CrLinux.Failure e) {
            out = Outcome.failed(e.getMessage(), false, log);
        } catch (IllegalStateException | UncheckedIOException e) {
            // /proc refused a read (a file of a task that is exiting, a mount without it): one line
            out = Outcome.failed(e.getMessage(), false, log);
        } finally {
            helper.close();
        }
        for (String w : helper.warnings()) {
            log.add("warning: " + w);
        }
        if (!helper.warnings().isEmpty() && out.ok()) {
            return Outcome.failed("the tree could not be left as it was: " + String.join("; ", helper.warnings()), false, log);
        }
        return out.ok() ? new Outcome(out.image(), log, out.leaks(), out.container(), out.labels(), null, false, false)
                : new Outcome(null, log, List.of(), false, Map.of(), out.error(), out.unsupported(), out.refused());
    }

    static int effectiveUid() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("Uid:")) {
                    return Integer.parseInt(l.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** One snapshot in progress. */
    private static final class Reader {
        private final LiveHelper helper;
        private final int root;
        private final List<String> log;
        private final String[] errno = new String[1];

        Reader(LiveHelper helper, int root, List<String> log) {
            this.helper = helper;
            this.root = root;
            this.log = log;
        }

        Outcome run(Freeze freeze, IntConsumer beforeRead) {
            List<Integer> pids = walk();
            LiveProc.Task r;
            try {
                r = LiveProc.read(root, false);
            } catch (LiveProc.Vanished v) {
                return fail(v.getMessage());
            }
            if (r.kernelThread()) {
                return Outcome.refused("task " + r.name() + " is a kernel thread: it has no user space, and checkpoint"
                        + " cannot save it", log);
            }
            log.add("snapshot: root " + r.name() + ", " + pids.size() + " tasks " + pids);
            long self = ProcessHandle.current().pid();
            if (freeze != Freeze.UNFROZEN && (pids.contains((int) self) || pids.contains((int) helper.pid()))) {
                return Outcome.refused("the tree of task " + r.name() + " holds this reader itself (task " + self
                        + "): freezing it would stop the reader; use --unfrozen to read it running", log);
            }
            String frozen = switch (freeze) {
                case OWN_CGROUP -> freezeOwn(r, pids);
                case NEW_CGROUP -> freezeNew(pids);
                case UNFROZEN -> {
                    log.add("freezer: none: the tree ran while it was read, the snapshot may be inconsistent");
                    yield null;
                }
            };
            if (frozen != null) {
                return Outcome.refused(frozen, log);
            }
            if (freeze != Freeze.UNFROZEN) {
                pids = walk(); // frozen: nothing forks or exits any more
            }
            List<LiveProc.Task> tree = new ArrayList<>();
            for (int pid : pids) {
                beforeRead.accept(pid);
                try {
                    tree.add(LiveProc.read(pid, true));
                } catch (LiveProc.Vanished v) {
                    return fail(v.getMessage() + "; no snapshot is written");
                }
            }
            for (LiveProc.Task t : tree) {
                if (t.kernelThread()) {
                    return fail("task " + t.name() + " is a kernel thread: it has no user space, and checkpoint cannot"
                            + " save it");
                }
            }
            String ns = namespaces(tree);
            if (ns != null) {
                return fail(ns);
            }
            // ids as the image numbers them (in the root's PID namespace), and the reader's pid where it differs
            int level = tree.get(0).nspid().size() - 1;
            java.util.function.Function<List<Integer>, Integer> inRoot = ids -> ids.size() > level ? ids.get(level) : 0;
            for (LiveProc.Task t : tree) {
                int pid = inRoot.apply(t.nspid());
                log.add("task " + pid + " (" + t.comm() + "): parent " + (t == tree.get(0) ? t.ppid() + " (outside)"
                        : inRoot.apply(parentVector(tree, t))) + ", session " + inRoot.apply(t.nssid()) + ", group "
                        + inRoot.apply(t.nspgid()) + ", uid " + t.uid() + ", " + (t.zombie() ? "zombie (wait status "
                        + t.exitCode() + ")" : "state " + t.state()) + (pid != t.pid() ? ", pid " + t.pid()
                        + " in this reader's namespace" : ""));
            }
            return new Image(helper, tree, log).write();
        }

        private static List<Integer> parentVector(List<LiveProc.Task> tree, LiveProc.Task t) {
            for (LiveProc.Task p : tree) {
                if (p.pid() == t.ppid()) {
                    return p.nspid();
                }
            }
            return List.of();
        }

        private Outcome fail(String why) {
            return Outcome.failed(why, false, log);
        }

        /** The tree below the root, depth first, children in pid order. */
        private List<Integer> walk() {
            Map<Integer, Integer> parents = LiveProc.parents();
            Map<Integer, List<Integer>> children = new TreeMap<>();
            parents.forEach((pid, ppid) -> children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(pid));
            children.values().forEach(l -> l.sort(null));
            List<Integer> out = new ArrayList<>();
            if (parents.containsKey(root)) {
                walk(root, children, out);
            } else {
                out.add(root);
            }
            return out;
        }

        private static void walk(int pid, Map<Integer, List<Integer>> children, List<Integer> out) {
            out.add(pid);
            for (int c : children.getOrDefault(pid, List.of())) {
                walk(c, children, out);
            }
        }

        /** The tree's own freezer cgroup is frozen, unless it is frozen already; the reason if not. */
        private String freezeOwn(LiveProc.Task r, List<Integer> pids) {
            if (!Files.isDirectory(FREEZER)) {
                return "no cgroup v1 freezer at " + FREEZER + " to freeze the tree (use --unfrozen to read it running)";
            }
            if (r.freezer() == null || r.freezer().equals("/")) {
                return "task " + r.name() + " has no freezer cgroup of its own (it is in the root cgroup, with the rest"
                        + " of the machine): use --freeze to move the tree into a new one, or --unfrozen to read it running";
            }
            Path dir = FREEZER.resolve(r.freezer().substring(1));
            Set<Integer> inTree = new HashSet<>(pids);
            for (int pid : procs(dir)) {
                if (!inTree.contains(pid)) {
                    return "freezer cgroup " + r.freezer() + " of task " + r.name() + " is not the tree's own: task "
                            + pid + " (" + LiveProc.comm(pid) + ") outside the tree is in it: use --freeze to move the"
                            + " tree into a new one, or --unfrozen to read it running";
                }
            }
            for (int pid : pids) {
                try {
                    LiveProc.Task t = LiveProc.read(pid, false);
                    if (!t.zombie() && !r.freezer().equals(t.freezer()) && (t.freezer() == null
                            || !t.freezer().startsWith(r.freezer() + "/"))) {
                        return "task " + t.name() + " of the tree is in freezer cgroup " + t.freezer() + ", not in "
                                + r.freezer() + " with its root: use --freeze to move the tree into a new one";
                    }
                } catch (LiveProc.Vanished v) {
                    // exited: no longer in the tree
                }
            }
            String state = read(dir.resolve("freezer.state"));
            if (state.equals("FROZEN")) {
                log.add("freezer: cgroup " + r.freezer() + " was FROZEN already: read as it is, left FROZEN");
                return null;
            }
            String got = helper.freeze(dir);
            log.add("freezer: cgroup " + r.freezer() + " " + state + " -> " + got + " (thawed after the read)");
            return got.equals("FROZEN") ? null : "freezer cgroup " + r.freezer() + " did not freeze (" + got
                    + "): a task of it cannot reach the refrigerator";
        }

        /** The tree moves into a fresh cgroup, which is frozen; the helper moves it back and removes the cgroup. */
        private String freezeNew(List<Integer> pids) {
            if (!Files.isDirectory(FREEZER)) {
                return "no cgroup v1 freezer at " + FREEZER + " to freeze the tree (use --unfrozen to read it running)";
            }
            Path dir = FREEZER.resolve("cr-snapshot." + ProcessHandle.current().pid() + "." + root);
            String e = helper.mkcg(dir);
            if (e != null) {
                return "cannot make freezer cgroup " + dir + ": " + e;
            }
            Set<Integer> moved = new HashSet<>();
            String state = null;
            // a task forked while the others moved is moved next round (into a frozen cgroup: it freezes there)
            for (int round = 0; round < 5; round++) {
                boolean any = false;
                for (int pid : pids) {
                    if (moved.contains(pid)) {
                        continue;
                    }
                    LiveProc.Task t;
                    try {
                        t = LiveProc.read(pid, false);
                    } catch (LiveProc.Vanished v) {
                        continue;
                    }
                    if (t.zombie()) {
                        continue;
                    }
                    Path origin = FREEZER.resolve(t.freezer() == null ? "" : t.freezer().substring(1));
                    String m = helper.move(pid, dir, origin);
                    if (m != null && !m.equals("err ESRCH")) {
                        return "cannot move task " + t.name() + " into freezer cgroup " + dir + ": " + m;
                    }
                    moved.add(pid);
                    any = true;
                }
                if (state == null) {
                    state = helper.freeze(dir);
                    log.add("freezer: moved " + moved.size() + " tasks into new cgroup " + FREEZER.relativize(dir)
                            + ", " + state + " (moved back, thawed and removed after the read)");
                    if (!state.equals("FROZEN")) {
                        return "freezer cgroup " + dir + " did not freeze (" + state + ")";
                    }
                }
                if (!any && round > 0) {
                    return null;
                }
                pids = walk();
            }
            return null;
        }

        private static List<Integer> procs(Path cgroup) {
            List<Integer> out = new ArrayList<>();
            try (Stream<Path> s = Files.walk(cgroup)) {
                for (Path d : s.filter(Files::isDirectory).toList()) {
                    for (String l : Files.readAllLines(d.resolve("cgroup.procs"))) {
                        if (!l.isBlank()) {
                            out.add(Integer.parseInt(l.trim()));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        private static String read(Path p) {
            try {
                return Files.readString(p).trim();
            } catch (IOException e) {
                return "?";
            }
        }

        /** A tree whose ids the reader's PID namespace cannot name cannot be saved. */
        private String namespaces(List<LiveProc.Task> tree) {
            for (LiveProc.Task t : tree) {
                String what = t.sid() == 0 ? "session" : t.pgid() == 0 ? "process group" : t.ppid() == 0 && t.pid() != root
                        ? "parent" : null;
                if (what != null) {
                    return "task " + t.name() + ": its " + what + " has no pid in the PID namespace of this reader's"
                            + " /proc (it shows 0): the tree spans PID namespaces the reader cannot see";
                }
            }
            return null;
        }
    }

    /** The image of a read tree: sharing, leaks, records. */
    private static final class Image {
        private final LiveHelper helper;
        private final List<LiveProc.Task> tree;
        private final Map<Integer, LiveProc.Task> byPid = new HashMap<>();
        private final List<String> log;
        private final LiveProc.Task root;
        private final int level;
        private final boolean container;
        private final String[] errno = new String[1];
        /** kind -> group representative of each live task */
        private final Map<LiveHelper.Kcmp, Map<Integer, Integer>> rep = new java.util.EnumMap<>(LiveHelper.Kcmp.class);
        private final Map<String, Integer> objrefs = new LinkedHashMap<>();
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, String> kinds = new HashMap<>();
        private final Map<String, List<String>> insiders = new LinkedHashMap<>();
        private final Map<String, List<String>> outsiders = new LinkedHashMap<>();
        /** open file key -> (task, fd) of a holder in the tree, for KCMP_FILE */
        private final Map<String, int[]> fileHolder = new HashMap<>();
        private final Set<String> leaked = new HashSet<>();
        private final List<String> unsaved = new ArrayList<>();

        Image(LiveHelper helper, List<LiveProc.Task> tree, List<String> log) {
            this.helper = helper;
            this.tree = tree;
            this.log = log;
            this.root = tree.get(0);
            tree.forEach(t -> byPid.put(t.pid(), t));
            this.level = root.nspid().size() - 1;
            this.container = root.nspid().get(level) == 1;
        }

        private int inRoot(List<Integer> ids) {
            return ids.size() > level ? ids.get(level) : 0;
        }

        Outcome write() {
            for (LiveProc.Task t : tree) {
                if (t.threads() > 1) {
                    log.add("task " + t.name() + ": " + t.threads() + " threads; threads are not in the image (its"
                            + " thread group is saved as one task)");
                }
            }
            for (LiveHelper.Kcmp k : List.of(LiveHelper.Kcmp.FILES, LiveHelper.Kcmp.VM, LiveHelper.Kcmp.FS,
                    LiveHelper.Kcmp.SIGHAND)) {
                String e = group(k);
                if (e != null) {
                    return Outcome.failed(e, false, log);
                }
            }
            String e = files();
            if (e != null) {
                return Outcome.failed(e, false, log);
            }
            outside();
            byte[] image = records();
            List<Leak> leaks = new ArrayList<>();
            for (String key : objrefs.keySet()) {
                if (leaked.contains(key)) {
                    leaks.add(new Leak(kinds.get(key), objrefs.get(key), names.get(key), insiders.getOrDefault(key, List.of()),
                            outsiders.getOrDefault(key, List.of())));
                }
            }
            verdict(leaks);
            log.add("not shown by /proc for another process, so not saved: the subreaper flag (every task is saved"
                    + " without it)" + (unsaved.isEmpty() ? "" : ", " + String.join(", ", unsaved)));
            Map<Integer, String> labels = new HashMap<>();
            for (LiveProc.Task t : tree) {
                labels.put(inRoot(t.nspid()), t.comm());
            }
            return new Outcome(image, log, leaks, container, labels, null, false, false);
        }

        private void verdict(List<Leak> leaks) {
            for (Leak l : leaks) {
                log.add("usage leak: " + l.object() + ": held in the tree by " + some(l.inside()) + "; outside it by "
                        + some(l.outside()));
            }
            if (container) {
                if (leaks.isEmpty()) {
                    log.add("leak check: " + objrefs.size() + " objects, none held from outside the tree");
                } else {
                    Leak first = leaks.get(0);
                    log.add(CONTAINER_REFUSED + "EBUSY: usage leak: " + first.object()
                            + ": something outside the tree holds it (" + leaks.size() + " such objects)");
                }
            } else {
                for (Leak l : leaks) {
                    log.add("subtree: shared with the outside: " + l.kind() + " objref " + l.objref());
                }
                log.add("leak check: a subtree (task " + root.name() + " is not its PID namespace's init): "
                        + leaks.size() + " of " + objrefs.size() + " objects marked SHARED_OUTSIDE");
            }
        }

        /** The first holders of a long list, and how many more (the Leak keeps them all). */
        private static String some(List<String> holders) {
            int shown = 12;
            return holders.size() <= shown ? String.join(", ", holders)
                    : String.join(", ", holders.subList(0, shown)) + " and " + (holders.size() - shown) + " more";
        }

        /** kcmp(2) gave no order (3): the objects differ, but sorting by them is not possible. */
        private static final class Unordered extends RuntimeException {
            Unordered() {
                super(null, null, false, false);
            }
        }

        /** kcmp(2) as an order of the objects: negative if a's is below b's, 0 the same object. */
        private int order(LiveHelper.Kcmp kind, int a, int b) {
            Integer c = helper.kcmp(kind, a, b, errno);
            if (c == null) {
                throw new CrLinux.Failure("kcmp(KCMP_" + kind + ") of tasks " + a + " and " + b + ": " + errno[0]);
            }
            return switch (c) {
                case 0 -> 0;
                case 1 -> -1;
                case 2 -> 1;
                default -> throw new Unordered();
            };
        }

        /** Each kind's representatives, in kcmp(2)'s order of their objects (null: kcmp gives no order). */
        private final Map<LiveHelper.Kcmp, List<Integer>> sortedReps = new java.util.EnumMap<>(LiveHelper.Kcmp.class);

        /**
         * Tasks that kcmp(2) says share this kind of object get one representative, the first in
         * tree order. kcmp orders the objects (by their kernel addresses, obfuscated but
         * consistent), so the tasks are sorted by it: O(n log n) comparisons, where comparing each
         * task with every representative is O(n^2); where it gives no order, every pair is compared.
         */
        private String group(LiveHelper.Kcmp kind) {
            List<Integer> live = new ArrayList<>();
            for (LiveProc.Task t : tree) {
                if (!t.zombie()) {
                    live.add(t.pid());
                }
            }
            Map<Integer, Integer> position = new HashMap<>();
            for (int i = 0; i < live.size(); i++) {
                position.put(live.get(i), i);
            }
            Map<Integer, Integer> r = new HashMap<>();
            try {
                List<Integer> sorted = new ArrayList<>(live);
                sorted.sort((a, b) -> order(kind, a, b));
                List<Integer> reps = new ArrayList<>();
                for (int i = 0; i < sorted.size(); ) {
                    int j = i + 1;
                    while (j < sorted.size() && order(kind, sorted.get(i), sorted.get(j)) == 0) {
                        j++;
                    }
                    List<Integer> same = sorted.subList(i, j);
                    int first = same.stream().min((x, y) -> position.get(x) - position.get(y)).orElseThrow();
                    same.forEach(pid -> r.put(pid, first));
                    reps.add(first);
                    i = j;
                }
                sortedReps.put(kind, reps);
            } catch (Unordered u) {
                r.clear();
                List<Integer> reps = new ArrayList<>();
                for (int pid : live) {
                    Integer found = null;
                    for (int p : reps) {
                        Integer c = helper.kcmp(kind, p, pid, errno);
                        if (c == null) {
                            return "kcmp(KCMP_" + kind + ") of tasks " + p + " and " + pid + ": " + errno[0];
                        }
                        if (c == 0) {
                            found = p;
                            break;
                        }
                    }
                    if (found == null) {
                        reps.add(pid);
                        found = pid;
                    }
                    r.put(pid, found);
                }
                sortedReps.put(kind, null);
            } catch (CrLinux.Failure f) {
                return f.getMessage().replaceFirst("^crlinux snapshot: ", "");
            }
            rep.put(kind, r);
            return null;
        }

        /**
         * The representative whose object of this kind an outside process shares, or 0; -1 if
         * kcmp(2) cannot compare them (the errno in {@code errno[0]}). A binary search in kcmp's
         * order where there is one.
         */
        private int sharedWith(LiveHelper.Kcmp kind, int pid) {
            List<Integer> reps = sortedReps.get(kind);
            if (reps == null) {
                for (int r : new java.util.TreeSet<>(rep.get(kind).values())) {
                    Integer c = helper.kcmp(kind, r, pid, errno);
                    if (c == null) {
                        return -1;
                    }
                    if (c == 0) {
                        return r;
                    }
                }
                return 0;
            }
            int lo = 0;
            int hi = reps.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                Integer c = helper.kcmp(kind, reps.get(mid), pid, errno);
                if (c == null) {
                    return -1;
                }
                if (c == 0) {
                    return reps.get(mid);
                }
                if (c == 1) {
                    lo = mid + 1; // the representative's object is below the process's
                } else if (c == 2) {
                    hi = mid - 1;
                } else {
                    sortedReps.put(kind, null); // no order after all: compare with each
                    return sharedWith(kind, pid);
                }
            }
            return 0;
        }

        private String task(int pid) {
            LiveProc.Task t = byPid.get(pid);
            return t == null ? "task " + pid : "task " + inRoot(t.nspid()) + " (" + t.comm() + ")";
        }

        /** Open files: one key per open file description (KCMP_FILE), its inode's key beside it. */
        private final Map<String, String> inodeOf = new HashMap<>();
        private final Map<Integer, Map<Integer, String>> fileKey = new HashMap<>();

        private String files() {
            Map<String, List<String>> byInode = new HashMap<>();
            for (LiveProc.Task t : tree) {
                if (t.zombie() || rep.get(LiveHelper.Kcmp.FILES).get(t.pid()) != t.pid()) {
                    continue;
                }
                Map<Integer, String> keys = new TreeMap<>();
                for (LiveProc.Fd fd : t.fds()) {
                    String inode = fd.pipe() || fd.socket() ? fd.target() : fd.regular() ? "file:" + fd.dev() + ":" + fd.ino() : null;
                    if (inode == null) {
                        log.add("task " + t.name() + " fd " + fd.fd() + ": " + fd.target() + " has no kind in the image:"
                                + " left out");
                        continue;
                    }
                    String file = null;
                    for (String k : byInode.getOrDefault(inode, List.of())) {
                        int[] h = fileHolder.get(k);
                        Integer c = helper.kcmpFile(h[0], h[1], t.pid(), fd.fd(), errno);
                        if (c == null) {
                            return "kcmp(KCMP_FILE) of task " + h[0] + " fd " + h[1] + " and task " + t.pid() + " fd "
                                    + fd.fd() + ": " + errno[0];
                        }
                        if (c == 0) {
                            file = k;
                            break;
                        }
                    }
                    String holder = task(t.pid()) + " fd " + fd.fd() + " (" + fd.end() + ")";
                    if (file == null) {
                        file = "open:" + t.pid() + ":" + fd.fd();
                        byInode.computeIfAbsent(inode, k -> new ArrayList<>()).add(file);
                        fileHolder.put(file, new int[] {t.pid(), fd.fd()});
                        inodeOf.put(file, inode);
                    }
                    insiders.computeIfAbsent(file, k -> new ArrayList<>()).add(holder);
                    insiders.computeIfAbsent(inode, k -> new ArrayList<>()).add(holder);
                    keys.put(fd.fd(), file);
                }
                fileKey.put(t.pid(), keys);
            }
            return null;
        }

        /** Every process outside the tree that holds one of its objects. */
        private void outside() {
            Set<Integer> inTree = new HashSet<>();
            tree.forEach(t -> inTree.add(t.pid()));
            Map<String, String> inodes = new HashMap<>(); // link text -> inode key, pipes and sockets
            Map<String, List<String>> opened = new HashMap<>(); // link text -> open file keys
            for (Map.Entry<String, String> e : inodeOf.entrySet()) {
                int[] h = fileHolder.get(e.getKey());
                String target = fdOf(h[0], h[1]).target();
                opened.computeIfAbsent(target, k -> new ArrayList<>()).add(e.getKey());
                if (!e.getValue().startsWith("file:")) {
                    inodes.put(target, e.getValue());
                }
            }
            Map<String, String> shmem = new HashMap<>();
            for (LiveProc.Task t : tree) {
                for (LiveProc.Vma v : t.maps()) {
                    if (v.shmem()) {
                        shmem.put(v.dev() + ":" + v.inode(), "shmem:" + v.dev() + ":" + v.inode());
                    }
                }
            }
            Set<Integer> unseen = new java.util.TreeSet<>();
            String unseenWhy = null;
            for (int pid : new TreeMap<>(LiveProc.parents()).keySet()) {
                if (inTree.contains(pid)) {
                    continue;
                }
                String who = "task " + pid + " (" + LiveProc.comm(pid) + ")";
                for (LiveHelper.Kcmp kind : rep.keySet()) {
                    int r = sharedWith(kind, pid);
                    if (r < 0) {
                        if (!errno[0].equals("ESRCH")) {
                            unseen.add(pid);
                            unseenWhy = errno[0];
                        }
                        break;
                    }
                    if (r > 0) {
                        String key = kind.name() + ":" + r;
                        outsiders.computeIfAbsent(key, x -> new ArrayList<>()).add(who);
                        leaked.add(key);
                    }
                }
                for (Map.Entry<Integer, String> l : LiveProc.links(pid).entrySet()) {
                    String inode = inodes.get(l.getValue());
                    if (inode != null) {
                        int flags = LiveProc.flags(pid, l.getKey());
                        String end = flags < 0 ? "" : " (" + new LiveProc.Fd(0, "", 0, flags, 0, 0).end() + ")";
                        outsiders.computeIfAbsent(inode, x -> new ArrayList<>()).add(who + " fd " + l.getKey() + end);
                        leaked.add(inode);
                    }
                    for (String file : opened.getOrDefault(l.getValue(), List.of())) {
                        int[] h = fileHolder.get(file);
                        Integer c = helper.kcmpFile(h[0], h[1], pid, l.getKey(), errno);
                        if (c != null && c == 0) {
                            outsiders.computeIfAbsent(file, x -> new ArrayList<>()).add(who + " fd " + l.getKey());
                            leaked.add(file);
                        }
                    }
                }
                for (String m : LiveProc.sharedMappings(pid)) {
                    String key = shmem.get(m);
                    if (key != null) {
                        outsiders.computeIfAbsent(key, x -> new ArrayList<>()).add(who + " (a shared mapping)");
                        leaked.add(key);
                    }
                }
            }
            if (!unseen.isEmpty()) {
                log.add("leak check: " + unseen.size() + " processes outside the tree could not be compared (kcmp: "
                        + unseenWhy + "): " + unseen + "; what they hold is not known");
            }
        }

        private LiveProc.Fd fdOf(int pid, int fd) {
            for (LiveProc.Fd f : taskOf(pid).fds()) {
                if (f.fd() == fd) {
                    return f;
                }
            }
            throw new IllegalStateException("no fd " + fd + " of task " + pid);
        }

        // ---- the records ----

        private ImageWriter out;
        private final Set<String> written = new HashSet<>();

        private boolean first(String key, ObjType type, String kind, String name) throws IOException {
            if (written.contains(key)) {
                return false;
            }
            written.add(key);
            int ref = objrefs.size() + 1;
            objrefs.put(key, ref);
            kinds.put(key, kind);
            names.put(key, name + " (objref " + ref + ")");
            boolean shared = !container && leaked.contains(key);
            out.write(new ImageRecord.ObjRef(type, ref, shared ? ImageRecord.ObjRef.SHARED_OUTSIDE : 0));
            return true;
        }

        private byte[] records() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int pipes = 0;
            int sockets = 0;
            int regions = 0;
            int regularFiles = 0;
            try (ImageWriter w = new ImageWriter(bytes)) {
                out = w;
                int flags = container ? 0 : ImageFormat.CHECKPOINT_SUBTREE;
                out.write(ImageRecord.Header.of(LiveProc.pidMax(), 32, 0, flags, "Linux " + System.getProperty("os.version")
                        + " (live tree read from /proc by cr snapshot)"));
                out.write(new ImageRecord.Container(0, tree.size(), flags, level));
                Map<Integer, Integer> index = new HashMap<>();
                for (int i = 0; i < tree.size(); i++) {
                    index.put(tree.get(i).pid(), i);
                }
                List<ImageRecord.TreeEntry> entries = new ArrayList<>();
                for (LiveProc.Task t : tree) {
                    int parent = t == root ? -1 : index.getOrDefault(t.ppid(), -1);
                    int ppid = t == root ? rootParent() : inRoot(tree.get(parent).nspid());
                    int status = t.zombie() ? Math.max(0, t.exitCode()) : 0;
                    int signal = status & 0x7f;
                    entries.add(new ImageRecord.TreeEntry(parent, inRoot(t.nspid()), ppid, inRoot(t.nspid()),
                            inRoot(t.nspgid()), inRoot(t.nssid()),
                            t.zombie() ? ImageRecord.TreeEntry.ZOMBIE : ImageRecord.TreeEntry.RUNNING,
                            t.zombie() && signal == 0 ? (status >> 8) & 0xff : 0, t.zombie() ? signal : 0,
                            t.nspid().subList(level, t.nspid().size())));
                }
                out.write(new ImageRecord.Tree(entries));
                for (int i = 0; i < tree.size(); i++) {
                    LiveProc.Task t = tree.get(i);
                    long kill = 1L << (Signal.SIGKILL.number() - 1);
                    boolean doomed = !t.zombie() && (t.pending() & kill) != 0;
                    if (!t.zombie()) {
                        unknownSignals(t);
                    }
                    out.write(new ImageRecord.Task(i, t.uid(), t.gid(), 0, t.zombie() ? 0 : t.blocked() & KNOWN,
                            t.zombie() ? 0 : t.pending() & ~kill & KNOWN, doomed ? Signal.SIGKILL.number() : 0));
                    if (t.zombie()) {
                        out.write(ImageRecord.TaskObjs.NONE);
                        continue;
                    }
                    // files
                    int files = rep.get(LiveHelper.Kcmp.FILES).get(t.pid());
                    String fkey = "FILES:" + files;
                    if (first(fkey, ObjType.FILE_TABLE, "file table", "fd table of " + task(files))) {
                        List<ImageRecord.FdEntry> fds = new ArrayList<>();
                        for (LiveProc.Fd fd : fdsOf(files)) {
                            String file = fileKey.get(files).get(fd.fd());
                            if (file == null) {
                                continue;
                            }
                            if (!written.contains(file)) {
                                String inode = inodeOf.get(file);
                                boolean opened = first(file, ObjType.FILE, "file", "open file " + fd.target() + " of "
                                        + task(files) + " fd " + fd.fd());
                                if (opened && !written.contains(inode)) {
                                    if (fd.pipe()) {
                                        pipes++;
                                        first(inode, ObjType.INODE_PIPE, "pipe", "pipe inode " + fd.ino());
                                        out.write(new ImageRecord.PipeInode(new byte[0]));
                                    } else if (fd.socket()) {
                                        sockets++;
                                        first(inode, ObjType.INODE_SOCKET, "socket", "socket inode " + fd.ino());
                                        out.write(new ImageRecord.SocketInode(new byte[0], 0));
                                    } else {
                                        regularFiles++;
                                        first(inode, ObjType.INODE_REGULAR, "regular", "file " + fd.target());
                                        out.write(new ImageRecord.RegularInode(fd.target(), new byte[0]));
                                    }
                                }
                                out.write(new ImageRecord.File(objrefs.get(inode), fd.pos(),
                                        (fd.readable() ? ImageRecord.File.READABLE : 0)
                                                | (fd.writable() ? ImageRecord.File.WRITABLE : 0)));
                            }
                            fds.add(new ImageRecord.FdEntry(fd.fd(), objrefs.get(file), fd.cloexec()));
                        }
                        out.write(new ImageRecord.FileTable(fds));
                    }
                    // mm
                    int vm = rep.get(LiveHelper.Kcmp.VM).get(t.pid());
                    String mkey = "VM:" + vm;
                    if (first(mkey, ObjType.MM, "mm", "mm of " + task(vm))) {
                        regions += mm(vm);
                    }
                    int fs = rep.get(LiveHelper.Kcmp.FS).get(t.pid());
                    String skey = "FS:" + fs;
                    if (first(skey, ObjType.FS, "fs", "fs of " + task(fs))) {
                        out.write(new ImageRecord.Fs(taskOf(fs).cwd()));
                    }
                    int sh = rep.get(LiveHelper.Kcmp.SIGHAND).get(t.pid());
                    String hkey = "SIGHAND:" + sh;
                    if (first(hkey, ObjType.SIGHAND, "sighand", "sighand of " + task(sh))) {
                        out.write(new ImageRecord.Sighand(sighand(taskOf(sh).ignored(), taskOf(sh).caught())));
                    }
                    out.write(new ImageRecord.TaskObjs(objrefs.get(fkey), objrefs.get(mkey), objrefs.get(skey),
                            objrefs.get(hkey)));
                }
                out.writeTail();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (pipes > 0) {
                unsaved.add("pipe contents (" + pipes + " pipes saved empty)");
            }
            if (sockets > 0) {
                unsaved.add("socket queues and peers (" + sockets + " sockets saved empty and unpaired)");
            }
            if (regularFiles > 0) {
                unsaved.add("file contents (" + regularFiles + " open files saved by path only)");
            }
            if (regions > 0) {
                unsaved.add("page contents (" + regions + " memory regions saved without pages)");
            }
            for (Map.Entry<String, List<String>> e : outsiders.entrySet()) {
                // keys of the kcmp kinds are named by the object written for them
                if (!names.containsKey(e.getKey())) {
                    names.put(e.getKey(), e.getKey());
                }
            }
            for (String key : new ArrayList<>(leaked)) {
                if (key.startsWith("FILES:") || key.startsWith("VM:") || key.startsWith("FS:") || key.startsWith("SIGHAND:")) {
                    int r = Integer.parseInt(key.substring(key.indexOf(':') + 1));
                    List<String> in = new ArrayList<>();
                    String kind = key.substring(0, key.indexOf(':'));
                    for (Map.Entry<Integer, Integer> e : rep.get(LiveHelper.Kcmp.valueOf(kind)).entrySet()) {
                        if (e.getValue() == r) {
                            in.add(task(e.getKey()));
                        }
                    }
                    in.sort(null);
                    insiders.put(key, in);
                }
            }
            return bytes.toByteArray();
        }

        /** The regions of an mm: a mapped file's open file and each shared memory come before the MM record. */
        private int mm(int pid) throws IOException {
            LiveProc.Task t = taskOf(pid);
            List<int[]> refs = new ArrayList<>();
            for (LiveProc.Vma v : t.maps()) {
                int file = 0;
                int shm = 0;
                if (v.path().startsWith("/") && v.inode() != 0 && !v.shmem()) {
                    String key = "map:" + pid + ":" + v.dev() + ":" + v.inode();
                    if (first(key, ObjType.FILE, "file", "mapped file " + v.path() + " of " + task(pid))) {
                        String inode = "mapped:" + v.dev() + ":" + v.inode();
                        if (first(inode, ObjType.INODE_REGULAR, "regular", "file " + v.path())) {
                            out.write(new ImageRecord.RegularInode(v.path(), new byte[0]));
                        }
                        out.write(new ImageRecord.File(objrefs.get(inode), 0, ImageRecord.File.READABLE
                                | (v.shared() && v.perms().charAt(1) == 'w' ? ImageRecord.File.WRITABLE : 0)));
                    }
                    file = objrefs.get(key);
                }
                // the image keeps a shared region's pages in a SHMEM object, a file's shared mapping
                // included; only shared memory of its own is checked for holders outside (below)
                if (v.shared()) {
                    String key = "shmem:" + v.dev() + ":" + v.inode();
                    if (first(key, ObjType.SHMEM, "shmem", "shared memory " + (v.path().isEmpty() ? "" : v.path() + " ")
                            + "(inode " + v.inode() + ")")) {
                        out.write(new ImageRecord.Shmem((int) Math.min(pages(v), 1 << 20)));
                        out.writePagesEnd();
                    }
                    insiders.computeIfAbsent(key, k -> new ArrayList<>()).add(task(pid) + " (a shared mapping)");
                    shm = objrefs.get(key);
                }
                refs.add(new int[] {file, shm});
            }
            out.write(new ImageRecord.Mm(t.maps().size()));
            for (int i = 0; i < t.maps().size(); i++) {
                LiveProc.Vma v = t.maps().get(i);
                if (v.pages() > (1 << 20)) {
                    log.add("task " + t.name() + " region " + Long.toHexString(v.start()) + ": " + v.pages()
                            + " pages, more than the image's 2^20: saved as 2^20");
                }
                String name = Long.toHexString(v.start()) + "-" + Long.toHexString(v.end()) + " " + v.perms()
                        + (v.path().isEmpty() ? "" : " " + v.path());
                out.write(new ImageRecord.Vma(name.length() > 4000 ? name.substring(0, 4000) : name, (int) pages(v),
                        v.shared() ? ImageRecord.Vma.SHARED : 0, refs.get(i)[0], refs.get(i)[1]));
                out.writePagesEnd();
            }
            return t.maps().size();
        }

        private static long pages(LiveProc.Vma v) {
            return Math.max(1, Math.min(v.pages(), 1 << 20));
        }

        private LiveProc.Task taskOf(int pid) {
            LiveProc.Task t = byPid.get(pid);
            if (t == null) {
                throw new IllegalStateException("no task " + pid);
            }
            return t;
        }

        private List<LiveProc.Fd> fdsOf(int pid) {
            return taskOf(pid).fds();
        }

        /** The root's parent in the root's namespace: 0 for a container's init, whose parent is outside. */
        private int rootParent() {
            if (root.ppid() == 0) {
                return 0;
            }
            try {
                return inRoot(LiveProc.read(root.ppid(), false).nspid());
            } catch (LiveProc.Vanished v) {
                return 0;
            }
        }

        /** The signals the image format (the simulated kernel) has; a task's others are logged and left out. */
        private static final long KNOWN = known();

        private static long known() {
            long m = 0;
            for (Signal sig : Signal.values()) {
                m |= 1L << (sig.number() - 1);
            }
            return m;
        }

        private void unknownSignals(LiveProc.Task t) {
            List<String> what = new ArrayList<>();
            String[] names = {"blocked", "pending", "ignored", "caught"};
            long[] sets = {t.blocked(), t.pending(), t.ignored(), t.caught()};
            for (int k = 0; k < sets.length; k++) {
                long other = sets[k] & ~KNOWN;
                if (other != 0) {
                    List<Integer> nums = new ArrayList<>();
                    for (int n = 1; n <= 64; n++) {
                        if ((other & (1L << (n - 1))) != 0) {
                            nums.add(n);
                        }
                    }
                    what.add(names[k] + " " + nums);
                }
            }
            if (!what.isEmpty()) {
                log.add("task " + t.name() + ": signals the image's signal set lacks, left out: " + String.join(", ", what));
            }
        }

        private static List<ImageRecord.SigEntry> sighand(long ignored, long caught) {
            List<ImageRecord.SigEntry> out = new ArrayList<>();
            for (int n = 1; n <= 64; n++) {
                long bit = 1L << (n - 1);
                if ((KNOWN & bit) == 0) {
                    continue;
                }
                if ((ignored & bit) != 0) {
                    out.add(new ImageRecord.SigEntry(n, ImageRecord.SigEntry.IGNORE));
                } else if ((caught & bit) != 0) {
                    out.add(new ImageRecord.SigEntry(n, ImageRecord.SigEntry.HANDLE));
                }
            }
            return out;
        }
    }
}
