package org.croracle.oracle.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.restart.ImageLoader;
import org.croracle.impl.kernel.Plan;
import org.croracle.impl.kernel.PlanNode;
import org.croracle.impl.kernel.PlanStep;
import org.croracle.impl.restart.Planner;
import org.croracle.impl.restart.SavedImage;

/**
 * Restart on Linux: the simulated kernel's planner plans how to rebuild an image's tree, and the
 * helper's processes carry the plan out with mainline's system calls, each step by the task the
 * plan names: eclone as clone3 with set_tid (CLONE_NEWPID, CLONE_PARENT), setsid, setpgid(2),
 * PR_SET_CHILD_SUBREAPER, exit and wait of placeholders; then each task restores itself in image
 * order (signal dispositions, blocked signals, pending blocked signals, gid, uid, subreaper flag;
 * a zombie exits with its status, or is killed by its signal), and the ghosts and keepers exit
 * and are reaped. The restored tasks go on serving the helper's commands, labelled PREFIX/label.
 *
 * <p>Mainline has no in-kernel restore_pgid: setpgid(2) names the group in the caller's PID
 * namespace. Where the task cannot see its group, its parent is asked to move it (setpgid of a
 * child is allowed in the parent's session); where neither can, the restart is refused with
 * EINVAL naming the task and saying that mainline cannot do it (linux-cr's restore_pgid could).
 *
 * <p>All or nothing: on any failure the root of the restart (the init of its new PID namespace)
 * is killed and reaped, which takes every process the restart made with it.
 */
public final class LinuxRestart {

    /** What a refusal of mainline's begins with (a plan the simulated kernel can run but Linux cannot). */
    public static final String MAINLINE = "mainline Linux cannot: ";

    /**
     * How the restart went.
     *
     * @param errno    null on success
     * @param reason   why it failed
     * @param mainline the failure is a step mainline cannot make (not a disagreement)
     * @param root     the restored root's host-namespace pid (0 if none)
     * @param steps    helper operations made
     */
    public record Outcome(Errno errno, String reason, boolean mainline, int root, int steps) {
        public boolean ok() {
            return errno == null;
        }
    }

    private static final class Failed extends Exception {
        final Errno errno;
        final boolean mainline;

        Failed(Errno errno, String reason, boolean mainline) {
            super(reason, null, false, false);
            this.errno = errno;
            this.mainline = mainline;
        }
    }

    private final CrLinux linux;
    private final LinuxPids pids;
    private final Set<Integer> subreapers;
    private final String restarter;
    private final String prefix;
    private final Map<Integer, String> savedLabels;
    /** container pid -> host-namespace pid of each node made so far */
    private final Map<Integer, Integer> host = new HashMap<>();
    private final Map<Integer, String> label = new HashMap<>();
    private int steps;
    private int root;

    private LinuxRestart(CrLinux linux, LinuxPids pids, Set<Integer> subreapers, String restarter, String prefix,
                         Map<Integer, String> savedLabels) {
        this.linux = linux;
        this.pids = pids;
        this.subreapers = subreapers;
        this.restarter = restarter;
        this.prefix = prefix;
        this.savedLabels = savedLabels;
    }

    /**
     * Restarts an image into a new PID namespace made by {@code restarter} and a new freezer
     * cgroup named {@code prefix}.
     *
     * @param savedLabels the scenario's label of each task of the image, by its pid in the image
     * @param subreapers  host-namespace pids with PR_SET_CHILD_SUBREAPER set; the restart updates it
     */
    public static Outcome run(CrLinux linux, LinuxPids pids, Set<Integer> subreapers, byte[] image, String restarter,
                              String prefix, Map<Integer, String> savedLabels, boolean frozen, KernelConfig config) {
        ImageLoader.Loaded loaded = ImageLoader.load(image, config, config.tailCheck());
        if (loaded.refusal() != null) {
            return new Outcome(Errno.EINVAL, loaded.refusal().toString(), false, 0, 0);
        }
        Planner.Outcome planned = Planner.plan(loaded.image(), config.birthOrder());
        if (planned.refusal() != null) {
            return new Outcome(Errno.EINVAL, "cannot rebuild the tree: " + planned.refusal(), false, 0, 0);
        }
        LinuxRestart r = new LinuxRestart(linux, pids, subreapers, restarter, prefix, savedLabels);
        try {
            r.execute(loaded.image(), planned.plan(), frozen);
            return new Outcome(null, null, false, r.root, r.steps);
        } catch (Failed f) {
            r.abort();
            return new Outcome(f.errno, f.getMessage(), f.mainline, 0, r.steps);
        }
    }

    /**
     * How the restart of an image's skeleton went: the tree saved and the tree restored, each as
     * {@link Skeleton#facts}, and the first difference between them.
     *
     * @param restart    the restart (its errno and reason if it failed)
     * @param saved      the image's tree facts
     * @param restored   the restored tree's, read back from /proc (null if the restart failed)
     * @param difference the first task whose facts differ, or null if they are equal
     */
    public record SkeletonOutcome(Outcome restart, List<String> saved, List<String> restored, String difference) {
        public boolean equal() {
            return restart.ok() && restored != null && difference == null;
        }
    }

    /**
     * Rebuilds the process tree of any image (a snapshot of a live tree included) with the
     * helper's processes, from its {@link Skeleton}: same pids (in a new PID namespace made by the
     * helper's host, below a new init if the tree is a subtree), parents, sessions, groups, zombies
     * and their status, credentials and signal masks; then reads it back from /proc and compares.
     */
    public static SkeletonOutcome skeleton(CrLinux linux, byte[] image) {
        Skeleton.Outcome sk = Skeleton.of(image);
        String[] why = new String[1];
        if (!sk.ok()) {
            return new SkeletonOutcome(new Outcome(Errno.EINVAL, sk.refusal(), false, 0, 0), null, null, null);
        }
        List<String> saved = Skeleton.facts(image, why);
        LinuxPids pids = new LinuxPids();
        Set<Integer> subreapers = new java.util.HashSet<>();
        KernelConfig config = Skeleton.config();
        Outcome r = run(linux, pids, subreapers, sk.image(), "host", "skeleton", Map.of(), false, config);
        if (!r.ok()) {
            return new SkeletonOutcome(r, saved, null, null);
        }
        // read back from the restored root (the new init of a subtree: its tree is the one saved)
        LinuxImage.Outcome now = LinuxImage.checkpoint(linux.report(), pids, r.root(), true, false, subreapers, config);
        if (!now.ok()) {
            return new SkeletonOutcome(r, saved, null, "the restored tree cannot be read: " + now.reason());
        }
        List<String> restored = Skeleton.facts(now.image(), why);
        if (restored == null) {
            return new SkeletonOutcome(r, saved, null, "the restored tree's image cannot be loaded: " + why[0]);
        }
        if (sk.underInit()) {
            restored = restored.subList(1, restored.size());
            if (!restored.isEmpty()) {
                // the root's parent is the new init: left out as the saved root's is
                restored = new ArrayList<>(restored);
                restored.set(0, restored.get(0).replaceFirst(" parent " + Skeleton.INIT + " ", " "));
            }
        }
        return new SkeletonOutcome(r, saved, restored, LinuxImage.firstDifference(saved, restored, "saved", "restored"));
    }

    private void execute(SavedImage image, Plan plan, boolean frozen) throws Failed {
        for (PlanNode n : plan.nodes().values()) {
            String l = n.kind() == PlanNode.Kind.TASK ? savedLabels.getOrDefault(n.pid(), "pid" + n.pid())
                    : "~" + n.kind().name().toLowerCase(java.util.Locale.ROOT) + n.pid();
            label.put(n.pid(), prefix + "/" + l);
        }
        for (PlanStep st : plan.steps()) {
            switch (st.op()) {
                case CREATE -> create(st);
                case SETSID -> must(op("setsid " + label.get(st.node())), st);
                case SETPGID -> setpgid(plan, st);
                case SUBREAPER -> subreaper(st.node(), st.pgid() != 0, st.toString());
                case EXIT -> must(op("exit " + label.get(st.node()) + " 0"), st);
                case WAIT -> {
                    String actor = st.actor() == 0 ? restarter : label.get(st.actor());
                    int actorHost = st.actor() == 0 ? pids.hostPid(restarter) : host.get(st.actor());
                    must(op("wait " + actor + " " + pids.seenBy(actorHost, host.get(st.node()))), st);
                }
            }
        }
        restore(image, plan);
        if (frozen) {
            CrLinux.Answer a = linux.op("freeze " + prefix);
            steps++;
            if (!a.ok() || a.values().isEmpty() || !a.values().get(0).equals("FROZEN")) {
                throw new Failed(Errno.EBUSY, "cgroup " + prefix + " did not freeze: " + a, false);
            }
        }
    }

    private CrLinux.Answer op(String command) {
        steps++;
        return linux.op(command);
    }

    private static void must(CrLinux.Answer a, Object what) throws Failed {
        if (a.hang() != null) {
            throw new Failed(Errno.EINTR, what + ": " + LinuxComparison.HANG + a.hang(), false);
        }
        if (!a.ok()) {
            throw new Failed(errno(a.errno()), what + ": " + a.errno(), false);
        }
    }

    /** The errno of a name the helper answered (one the simulated kernel lacks reads as EINVAL). */
    static Errno errno(String name) {
        for (Errno e : Errno.values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return Errno.EINVAL;
    }

    private void create(PlanStep st) throws Failed {
        String actor = st.actor() == 0 ? restarter : label.get(st.actor());
        int actorHost = st.actor() == 0 ? pids.hostPid(restarter) : host.get(st.actor());
        String child = label.get(st.node());
        // clone3's set_tid names the new namespace's own pid too (1) when it makes one
        List<Integer> tids = new ArrayList<>(st.actor() == 0 ? List.of() : st.pids());
        if (st.newPid()) {
            tids.add(1);
        }
        StringBuilder cmd = new StringBuilder("eclone " + actor + " " + child);
        if (st.cloneParent()) {
            cmd.append(" parent");
        }
        if (st.newPid()) {
            cmd.append(" newpid");
        }
        if (st.actor() == 0) {
            cmd.append(" cgroup=").append(prefix);
        }
        cmd.append(" pids=");
        for (int i = 0; i < tids.size(); i++) {
            cmd.append(i == 0 ? "" : ",").append(tids.get(i));
        }
        CrLinux.Answer a = op(cmd.toString());
        must(a, st);
        List<Integer> vector = new ArrayList<>();
        for (String p : a.values().get(1).split(",")) {
            vector.add(Integer.parseInt(p));
        }
        pids.created(child, actorHost, vector, st.newPid());
        host.put(st.node(), vector.get(0));
        if (st.actor() == 0) {
            root = vector.get(0);
        }
    }

    /**
     * restore_pgid with setpgid(2): the task joins its group by the group's pid in its own
     * namespace; if it has none there, its parent moves it (the parent's namespace may see the
     * group, and setpgid(2) of a child is allowed in the parent's own session).
     */
    private void setpgid(Plan plan, PlanStep st) throws Failed {
        int x = host.get(st.node());
        int g = host.get(st.pgid());
        int seen = pids.seenBy(x, g);
        if (seen != 0) {
            must(op("setpgid " + label.get(st.node()) + " 0 " + seen), st);
            return;
        }
        LinuxTask self = find(x);
        String parent = self == null ? null : pids.label(self.ppid());
        Integer parentHost = parent == null ? null : pids.hostPid(parent);
        if (parentHost != null && pids.seenBy(parentHost, g) != 0) {
            CrLinux.Answer a = op("setpgid " + parent + " " + pids.seenBy(parentHost, x) + " " + pids.seenBy(parentHost, g));
            if (a.ok()) {
                return;
            }
            throw new Failed(Errno.EINVAL, MAINLINE + "task " + st.node() + " cannot join process group " + st.pgid()
                    + ": that group has no pid in the task's PID namespace (setpgid(2) names a group there), and its parent,"
                    + " which sees the group, may not move it (" + a.errno() + ", another session); linux-cr's in-kernel"
                    + " restore_pgid could", true);
        }
        throw new Failed(Errno.EINVAL, MAINLINE + "task " + st.node() + " cannot join process group " + st.pgid()
                + ": that group has no pid in the PID namespace of the task or of its parent (setpgid(2) names a group"
                + " there); linux-cr's in-kernel restore_pgid could", true);
    }

    private LinuxTask find(int hostPid) {
        for (LinuxTask t : linux.report()) {
            if (t.pid() == hostPid) {
                return t;
            }
        }
        return null;
    }

    private void subreaper(int node, boolean on, Object what) throws Failed {
        must(op("subreaper " + label.get(node) + " " + (on ? 1 : 0)), what);
        if (on) {
            subreapers.add(host.get(node));
        } else {
            subreapers.remove(host.get(node));
        }
    }

    /**
     * restore_task, in three passes so that the restart's own exits leave no trace: the zombies
     * first take their credentials and exit with their status (while every task of the tree still
     * has the restarter's default dispositions and empty mask, so the SIGCHLD their parents get is
     * discarded, and a parent that ignores SIGCHLD in the image does not reap them); then the ghosts
     * and keepers exit and are reaped; last, every live task in image order takes its
     * dispositions, credentials, subreaper flag, blocked signals and pending signals.
     */
    private void restore(SavedImage image, Plan plan) throws Failed {
        Map<Integer, LinuxTask> now = new HashMap<>();
        for (LinuxTask t : linux.report()) {
            now.put(t.pid(), t);
        }
        for (SavedImage.SavedTask t : image.tasks()) {
            if (t.zombie()) {
                credentials(t, now.get(host.get(t.pid())));
                die(t, now.get(host.get(t.pid())));
            }
        }
        for (PlanNode.Kind kind : List.of(PlanNode.Kind.KEEPER, PlanNode.Kind.GHOST_GROUP, PlanNode.Kind.GHOST_SESSION)) {
            for (PlanNode n : plan.nodes().values()) {
                if (n.kind() == kind) {
                    exitTemporary(n);
                }
            }
        }
        for (SavedImage.SavedTask t : image.tasks()) {
            if (!t.zombie()) {
                live(image, t, now.get(host.get(t.pid())));
            }
        }
    }

    private void credentials(SavedImage.SavedTask t, LinuxTask cur) throws Failed {
        ImageRecord.Task rec = t.task();
        String l = label.get(t.pid());
        String what = "restoring task " + t.pid();
        if (rec.gid() != cur.gid()) {
            must(op("gid " + l + " " + rec.gid()), what);
        }
        if (rec.uid() != cur.uid()) {
            must(op("uid " + l + " " + rec.uid()), what);
        }
        if ((rec.flags() & ImageRecord.Task.SUBREAPER) != 0) {
            subreaper(t.pid(), true, what);
        }
    }

    /** A zombie exits with its code, or is killed by its signal (from host: an init takes no signal from its own namespace). */
    private void die(SavedImage.SavedTask t, LinuxTask cur) throws Failed {
        String l = label.get(t.pid());
        String what = "restoring task " + t.pid();
        int sig = t.entry().exitSignal();
        if (sig == 0) {
            must(op("exit " + l + " " + t.entry().exitCode()), what);
            return;
        }
        if ((cur.ignored() & bit(sig)) != 0 || (cur.caught() & bit(sig)) != 0) {
            must(op("sigaction " + l + " " + sig + " default"), what);
        }
        if ((cur.blocked() & bit(sig)) != 0) {
            must(op("sigmask " + l + " unblock " + sig), what);
        }
        must(op("kill host " + host.get(t.pid()) + " " + sig), what);
    }

    private void live(SavedImage image, SavedImage.SavedTask t, LinuxTask cur) throws Failed {
        int x = host.get(t.pid());
        String l = label.get(t.pid());
        ImageRecord.Task rec = t.task();
        String what = "restoring task " + t.pid();
        long ignore = 0;
        long handle = 0;
        if (t.objs().sighandRef() != 0) {
            for (ImageRecord.SigEntry e : ((ImageRecord.Sighand) image.objects().get(t.objs().sighandRef())
                    .records().get(0)).entries()) {
                if (e.disposition() == ImageRecord.SigEntry.IGNORE) {
                    ignore |= bit(e.signal());
                } else if (e.disposition() == ImageRecord.SigEntry.HANDLE) {
                    handle |= bit(e.signal());
                }
            }
        }
        for (int n = 1; n <= 64; n++) {
            String want = (ignore & bit(n)) != 0 ? "ignore" : (handle & bit(n)) != 0 ? "handle" : "default";
            String has = (cur.ignored() & bit(n)) != 0 ? "ignore" : (cur.caught() & bit(n)) != 0 ? "handle" : "default";
            if (!want.equals(has)) {
                must(op("sigaction " + l + " " + n + " " + want), what);
            }
        }
        credentials(t, cur);
        for (int n = 1; n <= 64; n++) {
            boolean want = (rec.blockedMask() & bit(n)) != 0;
            if (want != ((cur.blocked() & bit(n)) != 0)) {
                must(op("sigmask " + l + " " + (want ? "block" : "unblock") + " " + n), what);
            }
        }
        // A pending signal stays pending only while blocked; the task sends it to itself.
        for (int n = 1; n <= 64; n++) {
            if ((rec.pendingMask() & bit(n)) != 0 && (rec.blockedMask() & bit(n)) != 0) {
                must(op("kill " + l + " " + pids.seenBy(x, x) + " " + n), what);
            }
        }
        if (rec.doomedBy() != 0) {
            // a fatal signal sent while it was frozen: it dies when it next runs, which is now
            must(op("kill host " + x + " " + rec.doomedBy()), what);
        }
    }

    /** A ghost or keeper exits and is reaped by whoever is its parent by then. */
    private void exitTemporary(PlanNode n) throws Failed {
        int x = host.get(n.pid());
        must(op("exit " + label.get(n.pid()) + " 0"), "temporary task " + n.pid() + " exiting");
        LinuxTask t = find(x);
        if (t != null && t.zombie()) {
            String parent = pids.label(t.ppid());
            Integer parentHost = parent == null ? null : pids.hostPid(parent);
            if (parentHost == null || parentHost != t.ppid()) {
                throw new Failed(Errno.ECHILD, "temporary task " + n.pid() + ": its parent " + t.ppid() + " is not a task of the helper",
                        false);
            }
            must(op("wait " + parent + " " + pids.seenBy(parentHost, x)), "reaping temporary task " + n.pid());
        }
    }

    /** The restart failed: its root is killed (its namespace dies with it) and reaped by the restarter. */
    private void abort() {
        if (root == 0) {
            return;
        }
        linux.op("thaw " + prefix);
        linux.op("kill host " + root + " " + Signal.SIGKILL.number());
        LinuxTask r = find(root);
        if (r != null && r.zombie()) {
            String parent = pids.label(r.ppid());
            Integer parentHost = parent == null ? null : pids.hostPid(parent);
            if (parentHost != null) {
                linux.op("wait " + parent + " " + pids.seenBy(parentHost, root));
            }
        }
        root = 0;
    }

    private static long bit(int signo) {
        return 1L << (signo - 1);
    }
}
