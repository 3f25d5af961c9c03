package org.croracle.oracle.linux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.croracle.impl.image.ImageFormat;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ImageWriter;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.restart.ImageLoader;
import org.croracle.impl.restart.SavedImage;
import org.croracle.impl.kernel.Sighand;

/**
 * Checkpoint on Linux, the tree part: a tree the helper built, read from host's /proc (the
 * helper's report), written in the project's image format with the records the simulated
 * kernel's checkpoint writes for the same tree: TREE (pids in the root's namespace, parent,
 * session and group, 0 where a session or group has no pid there; state and exit status), one
 * TASK per task (uid, gid, subreaper flag, blocked and pending signals) and, for a live task, a
 * fd table, an mm, an fs and a sighand of its own (the helper's processes share none of them, and
 * hold no file, region or pipe the image would carry: resource lines do not run on Linux).
 *
 * <p>Mainline has no checkpoint(): nothing stops the tree while it is read but the freezer, so a
 * container checkpoint is refused as linux-cr refuses it unless every live task of the tree is
 * frozen in the root's freezer cgroup.
 */
public final class LinuxImage {

    private LinuxImage() {}

    /** An image, or the errno and reason a checkpoint of the tree fails with. */
    public record Outcome(byte[] image, Errno errno, String reason, Map<Integer, String> labels) {
        public Outcome {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }

        public boolean ok() {
            return errno == null;
        }

        static Outcome error(Errno e, String reason) {
            return new Outcome(null, e, reason, null);
        }
    }

    /**
     * Checkpoints the tree at {@code root} (host-namespace pid).
     *
     * @param frozen     require what linux-cr's checkpoint requires of a container (false: a snapshot
     *                   of a running tree, to compare a restored tree with the saved one)
     * @param subreapers host-namespace pids whose PR_SET_CHILD_SUBREAPER flag is set (the helper set it)
     */
    public static Outcome checkpoint(List<LinuxTask> report, LinuxPids pids, int root, boolean subtree, boolean frozen,
                                     Set<Integer> subreapers, KernelConfig config) {
        return checkpoint(report, pids, 1, root, subtree, frozen, subreapers, config);
    }

    /**
     * Checkpoints the tree at {@code root} as {@code caller} (host-namespace pids) asks it, with
     * linux-cr's checks on the caller: it must see the root, and unless it is privileged (uid 0)
     * it must be allowed to ptrace every task of the tree (the same uid).
     */
    public static Outcome checkpoint(List<LinuxTask> report, LinuxPids pids, int caller, int root, boolean subtree,
                                     boolean frozen, Set<Integer> subreapers, KernelConfig config) {
        Map<Integer, LinuxTask> byPid = new HashMap<>();
        Map<Integer, List<LinuxTask>> children = new HashMap<>();
        for (LinuxTask t : report) {
            byPid.put(t.pid(), t);
            children.computeIfAbsent(t.ppid(), k -> new ArrayList<>()).add(t);
        }
        children.values().forEach(l -> l.sort(Comparator.comparingInt(LinuxTask::pid)));
        LinuxTask r = byPid.get(root);
        LinuxTask c = byPid.get(caller);
        if (c == null || c.zombie()) {
            return Outcome.error(Errno.ESRCH, "the caller " + caller + " is not alive");
        }
        if (r == null || !pids.knows(root) || !pids.knows(caller) || pids.seenBy(caller, root) == 0) {
            return Outcome.error(Errno.ESRCH, "no task " + root + " in the caller's namespace");
        }
        int level = r.pids().size() - 1;
        int nsInit = pids.namespaceAt(root, level);
        if (!subtree && r.pids().get(level) != 1) {
            return Outcome.error(Errno.EINVAL, "task " + root + " is not a container init (pid " + r.pids().get(level)
                    + " in its namespace) and CHECKPOINT_SUBTREE is not set");
        }
        List<LinuxTask> tree = new ArrayList<>();
        walk(r, children, tree);
        if (c.uid() != 0) {
            for (LinuxTask t : tree) {
                if (t.uid() != c.uid()) {
                    return Outcome.error(Errno.EPERM, "the caller (uid " + c.uid() + ") may not ptrace task " + t.pid()
                            + " (uid " + t.uid() + ")");
                }
            }
        }
        if (frozen) {
            if (r.cgroup().equals("-")) {
                return Outcome.error(Errno.EBUSY, "freezer cgroup /: the root cgroup cannot be frozen (freeze the tree first)");
            }
            for (LinuxTask t : tree) {
                if (!t.zombie() && (!t.frozen() || !t.cgroup().equals(r.cgroup()))) {
                    return Outcome.error(Errno.EBUSY, "task " + t.pid() + " is not frozen in cgroup " + r.cgroup()
                            + " (it is " + (t.frozen() ? "frozen" : "running") + " in cgroup " + t.cgroup() + ")");
                }
            }
        }
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < tree.size(); i++) {
            index.put(tree.get(i).pid(), i);
        }
        List<ImageRecord.TreeEntry> entries = new ArrayList<>();
        Map<Integer, String> labels = new HashMap<>();
        for (LinuxTask t : tree) {
            int parentIndex = t.pid() == root ? -1 : index.getOrDefault(t.ppid(), -1);
            int ppid = t.ppid() == 0 ? 0 : pids.pidIn(t.ppid(), level, nsInit);
            entries.add(new ImageRecord.TreeEntry(parentIndex, t.pids().get(level), ppid, t.pids().get(level),
                    pids.pidIn(t.pgid(), level, nsInit), pids.pidIn(t.sid(), level, nsInit),
                    t.zombie() ? ImageRecord.TreeEntry.ZOMBIE : ImageRecord.TreeEntry.RUNNING,
                    t.zombie() ? t.exitCodeOnly() : 0, t.zombie() ? t.exitSignal() : 0,
                    t.pids().subList(level, t.pids().size())));
            if (!t.label().equals("?")) {
                labels.put(t.pids().get(level), t.label());
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageWriter out = new ImageWriter(bytes)) {
            int flags = subtree ? ImageFormat.CHECKPOINT_SUBTREE : 0;
            out.write(ImageRecord.Header.of(config.pidMax(), config.maxLevel(), 0, flags,
                    "Linux " + System.getProperty("os.version") + " (tree read from /proc by crlinux)"));
            out.write(new ImageRecord.Container(0, tree.size(), flags, level));
            out.write(new ImageRecord.Tree(entries));
            int objref = 0;
            for (int i = 0; i < tree.size(); i++) {
                LinuxTask t = tree.get(i);
                boolean doomed = !t.zombie() && (t.pending() & bit(Signal.SIGKILL.number())) != 0;
                long pending = t.zombie() ? 0 : t.pending() & ~bit(Signal.SIGKILL.number());
                out.write(new ImageRecord.Task(i, t.uid(), t.gid(), subreapers.contains(t.pid()) ? ImageRecord.Task.SUBREAPER : 0,
                        t.blocked(), pending, doomed ? Signal.SIGKILL.number() : 0));
                if (t.zombie()) {
                    out.write(ImageRecord.TaskObjs.NONE);
                    continue;
                }
                int files = ++objref;
                out.write(new ImageRecord.ObjRef(ObjType.FILE_TABLE, files, 0));
                out.write(new ImageRecord.FileTable(List.of()));
                int mm = ++objref;
                out.write(new ImageRecord.ObjRef(ObjType.MM, mm, 0));
                out.write(new ImageRecord.Mm(0));
                int fs = ++objref;
                out.write(new ImageRecord.ObjRef(ObjType.FS, fs, 0));
                out.write(new ImageRecord.Fs("/"));
                int sighand = ++objref;
                out.write(new ImageRecord.ObjRef(ObjType.SIGHAND, sighand, 0));
                out.write(new ImageRecord.Sighand(sighand(t.ignored(), t.caught())));
                out.write(new ImageRecord.TaskObjs(files, mm, fs, sighand));
            }
            out.writeTail();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Outcome(bytes.toByteArray(), null, null, labels);
    }

    private static void walk(LinuxTask t, Map<Integer, List<LinuxTask>> children, List<LinuxTask> out) {
        out.add(t);
        for (LinuxTask c : children.getOrDefault(t.pid(), List.of())) {
            walk(c, children, out);
        }
    }

    /** The dispositions that are not the default, in signal order, as the simulated kernel writes them. */
    private static List<ImageRecord.SigEntry> sighand(long ignored, long caught) {
        List<ImageRecord.SigEntry> out = new ArrayList<>();
        for (int n = 1; n <= 64; n++) {
            if ((ignored & bit(n)) != 0) {
                out.add(new ImageRecord.SigEntry(n, ImageRecord.SigEntry.IGNORE));
            } else if ((caught & bit(n)) != 0) {
                out.add(new ImageRecord.SigEntry(n, ImageRecord.SigEntry.HANDLE));
            }
        }
        return out;
    }

    private static long bit(int signo) {
        return 1L << (signo - 1);
    }

    // ---- the facts of a tree, to compare trees and images ----

    /**
     * The process facts of an image, one line per task in pid order: its TREE entry (pids in the
     * root's namespace, parent, session, group, state and exit status), its
     * TASK record (uid, gid, subreaper, and for a live task its blocked and pending signals and a
     * fatal signal it must take) and its signal dispositions. A zombie's masks are left out: the
     * kernels keep different leftovers (Linux shows the SIGKILL of a group exit as pending).
     * Null if the image cannot be read (with the reason in {@code why[0]}).
     */
    public static List<String> facts(byte[] image, String[] why) {
        return facts(image, why, false);
    }

    /**
     * The facts as the model can have them: without a pending SIGCHLD ({@link
     * ProcessFacts#MODEL_HAS_NO_SIGCHLD}) when {@code forModel}.
     */
    public static List<String> facts(byte[] image, String[] why, boolean forModel) {
        ImageLoader.Loaded loaded = ImageLoader.load(image);
        if (loaded.refusal() != null) {
            why[0] = loaded.refusal().toString();
            return null;
        }
        SavedImage img = loaded.image();
        List<String> out = new ArrayList<>();
        for (SavedImage.SavedTask t : img.tasks()) {
            List<ImageRecord.SigEntry> sig = List.of();
            if (!t.zombie() && t.objs().sighandRef() != 0) {
                sig = ((ImageRecord.Sighand) img.objects().get(t.objs().sighandRef()).records().get(0)).entries();
            }
            ImageRecord.Task task = t.task();
            if (forModel) {
                task = new ImageRecord.Task(task.taskIndex(), task.uid(), task.gid(), task.flags(), task.blockedMask(),
                        task.pendingMask() & ~bit(Signal.SIGCHLD.number()), task.doomedBy());
            }
            out.add(line(t.entry(), task, sig, t.zombie()));
        }
        return byPid(out);
    }

    /**
     * The same facts of a tree of the simulated kernel: what its checkpoint would write (the tree
     * below the root; ids as the root's namespace sees them, 0 where they have no pid there).
     */
    public static List<String> facts(KernelState s, int root) {
        List<Integer> tree = new ArrayList<>();
        subtree(s, root, tree);
        Task r = s.tasks().get(root);
        int level = r.level();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tree.size(); i++) {
            Task t = s.tasks().get(tree.get(i));
            ImageRecord.TreeEntry entry = new ImageRecord.TreeEntry(-1, t.pidAt(level),
                    t.pid() == root ? 0 : pidAt(s, t.ppid(), r.ns(), level), pidAt(s, t.tgid(), r.ns(), level),
                    pidAt(s, t.pgid(), r.ns(), level), pidAt(s, t.sid(), r.ns(), level),
                    t.isZombie() ? ImageRecord.TreeEntry.ZOMBIE : ImageRecord.TreeEntry.RUNNING,
                    t.isZombie() ? t.exit().code() : 0, t.isZombie() && t.exit().killed() ? t.exit().signal().number() : 0,
                    t.pids().subList(level, t.pids().size()));
            List<ImageRecord.SigEntry> sig = new ArrayList<>();
            if (!t.isZombie()) {
                Sighand h = s.objects().get(t.res().sighand(), Sighand.class);
                if (h != null) {
                    h.dispositions().entrySet().stream()
                            .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(Signal::number)))
                            .forEach(e -> sig.add(new ImageRecord.SigEntry(e.getKey().number(),
                                    e.getValue() == Sighand.Disposition.IGNORE ? ImageRecord.SigEntry.IGNORE
                                            : e.getValue() == Sighand.Disposition.HANDLE ? ImageRecord.SigEntry.HANDLE
                                            : ImageRecord.SigEntry.DEFAULT)));
                }
            }
            ImageRecord.Task task = new ImageRecord.Task(i, t.uid(), t.gid(), t.subreaper() ? ImageRecord.Task.SUBREAPER : 0,
                    mask(t.blocked()), mask(t.pending()), t.doomedBy() == null ? 0 : t.doomedBy().number());
            out.add(line(entry, task, sig, t.isZombie()));
        }
        return byPid(out);
    }

    private static void subtree(KernelState s, int pid, List<Integer> out) {
        out.add(pid);
        for (Task child : s.children(pid)) {
            subtree(s, child.pid(), out);
        }
    }

    /** A task's, or a reaped leader's, pid at this level of the root's namespace chain; 0 if it has none there. */
    private static int pidAt(KernelState s, int global, int rootNs, int level) {
        Task t = s.tasks().get(global);
        if (t != null) {
            return s.within(t.ns(), rootNs) ? t.pidAt(level) : 0;
        }
        org.croracle.impl.kernel.LingeringPid g = s.lingeringPids().get(global);
        return g != null && g.chain().size() > level && g.chain().get(level) == rootNs ? g.pids().get(level) : 0;
    }

    /**
     * In the order of the tasks' pids in the root's namespace: an image lists siblings in the
     * order of their global pids, which a restart gives out in the order it creates the tasks.
     */
    private static List<String> byPid(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        out.sort(Comparator.comparingInt(l -> Integer.parseInt(l.substring(4, l.indexOf(':')))));
        return out;
    }

    private static long mask(Set<Signal> signals) {
        long m = 0;
        for (Signal s : signals) {
            m |= bit(s.number());
        }
        return m;
    }

    private static String line(ImageRecord.TreeEntry e, ImageRecord.Task t, List<ImageRecord.SigEntry> sig, boolean zombie) {
        StringBuilder b = new StringBuilder();
        b.append("pid ").append(e.pid()).append(": pids ").append(e.pids())
                .append(", parent ").append(e.ppid()).append(", session ").append(e.sid()).append(", group ").append(e.pgid())
                .append(", ");
        if (zombie) {
            b.append("zombie ").append(e.exitSignal() != 0 ? "killed by signal " + e.exitSignal() : "exit code " + e.exitCode());
        } else {
            b.append("alive");
        }
        b.append(", uid ").append(t.uid()).append(", gid ").append(t.gid())
                .append((t.flags() & ImageRecord.Task.SUBREAPER) != 0 ? ", subreaper" : "");
        if (!zombie) {
            b.append(", blocked ").append(ProcessFacts.signals(t.blockedMask()))
                    .append(", pending ").append(ProcessFacts.signals(t.pendingMask()))
                    .append(t.doomedBy() != 0 ? ", doomed by signal " + t.doomedBy() : "");
            List<String> d = new ArrayList<>();
            for (ImageRecord.SigEntry s : sig) {
                if (s.disposition() != ImageRecord.SigEntry.DEFAULT) {
                    d.add(s.signal() + (s.disposition() == ImageRecord.SigEntry.IGNORE ? " ignored" : " caught"));
                }
            }
            b.append(", dispositions ").append(d.isEmpty() ? "default" : String.join(" ", d));
        }
        return b.toString();
    }

    /** The first line where two fact lists differ, as "what: A, B", or null if equal. */
    public static String firstDifference(List<String> a, List<String> b, String nameA, String nameB) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "(no task)";
            String y = i < b.size() ? b.get(i) : "(no task)";
            if (!x.equals(y)) {
                return "task " + (i + 1) + " of " + Math.max(a.size(), b.size()) + ": " + nameA + " " + x + "; " + nameB + " " + y;
            }
        }
        return null;
    }
}
