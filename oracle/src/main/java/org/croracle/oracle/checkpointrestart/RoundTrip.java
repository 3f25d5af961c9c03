package org.croracle.oracle.checkpointrestart;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.kernel.KernelInvariants;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.syscall.RestartIo;
import org.croracle.impl.syscall.Restarted;
import org.croracle.impl.restart.TreeView;
import org.croracle.impl.kernel.Sighand;

/**
 * The round trip: a random container tree with random sharing (built by codes, like every
 * workload: each code one operation decoded against the current state), frozen, checkpointed,
 * destroyed and restarted into a new namespace; the restored tree must equal the saved one
 * ({@link TreeView}: pids, parents, sessions, groups, zombies, credentials, objects up to renaming)
 * and the kernel must be clean.
 */
public final class RoundTrip {

    public static final int KINDS = 25;
    public static final String BOX = "box";
    /** A self checkpoint's init: its own cgroup, so that it runs while the rest of the tree is frozen. */
    static final String INIT_BOX = "boxinit";

    /**
     * What one round trip gave: empty problem when the tree came back equal; {@code saved} is the
     * tree as {@code expect same} compared it (empty if nothing was checkpointed), {@code events}
     * what the workload made happen that the tree alone does not show.
     */
    public record Outcome(String problem, int tasks, List<String> script, byte[] image, List<String> crs,
                          List<String> saved, java.util.Set<String> events) {
        Outcome(String problem, int tasks, List<String> script) {
            this(problem, tasks, script, null, List.of(), List.of(), java.util.Set.of());
        }

        public boolean ok() {
            return problem == null;
        }
    }

    private final Kernel kernel;
    private final List<String> script = new ArrayList<>();
    /** The same tree as a scenario (.crs), every successful operation a line; labels are t + global pid. */
    private final List<String> crs = new ArrayList<>();
    private final int maxTasks;
    /** CHECKPOINT_SUBTREE on the container's init (the image says so; restart is the same). */
    private boolean subtree;
    /**
     * The container's init checkpoints itself (no CHECKPOINT_SUBTREE): it lives in a cgroup of its
     * own and forks its children into the tree's, which is frozen while the init makes the call.
     */
    private boolean self;
    /** The fd the image is written to: the self-checkpointing init's lowest free one, or host's 100. */
    private int imageFd;
    /** A task that host sends SIGTERM once the container is frozen (it is doomed in the image), or 0. */
    private int doomAfterFreeze;
    private final java.util.Set<String> events = new java.util.TreeSet<>();

    public RoundTrip(Kernel kernel, int maxTasks) {
        this.kernel = kernel;
        this.maxTasks = maxTasks;
    }

    public static Outcome run(List<Integer> codes, int maxTasks) {
        return new RoundTrip(new Kernel(), maxTasks).go(codes);
    }

    /** The round trip on a kernel built with {@code config} (tests plant semantic mutants here). */
    public static Outcome run(KernelConfig config, List<Integer> codes, int maxTasks) {
        return new RoundTrip(new Kernel(config), maxTasks).go(codes);
    }

    public Outcome go(List<Integer> codes) {
        int host = kernel.hostPid();
        // A tree whose first code is 24 is checkpointed with CHECKPOINT_SUBTREE, and its init
        // inherits a pipe that host keeps: the image marks both ends SHARED_OUTSIDE.
        subtree = !codes.isEmpty() && codes.get(0) % KINDS == 24;
        if (subtree) {
            kernel.pipe(host, 20, 21);
            crs.add("host pipe fds=20,21");
        }
        // A tree whose first code is 23 is a self checkpoint of its init.
        self = !subtree && !codes.isEmpty() && codes.get(0) % KINDS == 23;
        int c = kernel.fork(host, new ForkOptions(self ? INIT_BOX : BOX, true, false)).value();
        crs.add("host fork t" + c + " newpid cgroup=" + (self ? INIT_BOX : BOX));
        if (!subtree) { // a SUBTREE tree stays in host's session and group, which are outside it
            kernel.setsid(c);
            crs.add("t" + c + " setsid");
        }
        for (int code : codes) {
            apply(c, code);
        }
        return checkpointAndRestart(c);
    }

    /**
     * The round trip of a tree already built on {@code kernel}: its container init {@code init}
     * (in cgroup {@value #BOX}, checkpointed without CHECKPOINT_SUBTREE), {@code history} the
     * scenario lines that built it from a fresh kernel, host's fork of the init first. An outcome
     * without an image means the tree could not be frozen.
     */
    public static Outcome of(Kernel kernel, int init, List<String> history) {
        RoundTrip rt = new RoundTrip(kernel, Integer.MAX_VALUE);
        rt.crs.addAll(history);
        return rt.checkpointAndRestart(init);
    }

    /** Freeze, checkpoint, destroy, restart and compare the tree of container init {@code c}. */
    private Outcome checkpointAndRestart(int c) {
        int host = kernel.hostPid();
        Result<?> frozen = self && !kernel.state().cgroups().containsKey(BOX) ? Result.ok(null) : kernel.freeze(BOX);
        if (!frozen.isOk()) {
            return new Outcome(null, 0, script); // a task sleeps uninterruptibly: nothing to checkpoint
        }
        Task doomed = kernel.state().tasks().get(doomAfterFreeze);
        if (doomed != null && !doomed.isZombie() && kernel.kill(host, doomAfterFreeze, Signal.SIGTERM).isOk()) {
            events.add("fatal signal sent to a frozen task");
        } else {
            doomAfterFreeze = 0;
        }
        // A self checkpoint's image holds the fd it is written to (the checkpoint tool's: the
        // init's lowest free one); the restored init closes it, as the tool did once its
        // checkpoint() returned, before the trees are compared.
        int caller = self ? c : host;
        imageFd = self ? kernel.state().objects().get(kernel.state().tasks().get(c).res().files(),
                org.croracle.impl.kernel.FdTable.class).lowestFree() : 100;
        if (!kernel.open(caller, "/ckpt/rt", imageFd, false, true).isOk()) {
            return new Outcome("cannot open the image file", 0, script);
        }
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        Result<Long> ck = kernel.checkpoint(caller, self ? 0 : c, subtree ? org.croracle.impl.kernel.CheckpointFlags.SUBTREE : 0,
                CheckpointIo.of(imageFd, image));
        kernel.close(caller, imageFd);
        KernelState saved = kernel.state();
        int tasks = (int) saved.tasks().values().stream().filter(RoundTrip::member).count();
        if (ck.isOk() && self) {
            events.add("self checkpoint of a container init (no CHECKPOINT_SUBTREE)");
        }
        if (!ck.isOk()) {
            return new Outcome("checkpoint: " + ck, tasks, script, null, scenario(c), List.of(), events);
        }
        // destroy: kill the init (the namespace dies with it), thaw, reap.
        if (kernel.state().cgroups().containsKey(BOX)) {
            kernel.freezerWrite(BOX, org.croracle.impl.kernel.FreezerState.THAWED);
        }
        kernel.kill(host, c, Signal.SIGKILL);
        for (int pid : kernel.pendingSignals()) {
            kernel.deliverPendingSignal(pid);
        }
        kernel.wait(host, c);
        kernel.open(host, "/ckpt/rt", 100, true, false);
        List<String> log = new ArrayList<>();
        Result<Restarted> r = kernel.restart(host, 0, "r", new RestartIo(100, image.toByteArray(), -1, log::add));
        kernel.close(host, 100);
        if (!r.isOk()) {
            return new Outcome("restart: " + r + " " + log, tasks, script, image.toByteArray(), scenario(c), view(saved, c), events);
        }
        if (self) {
            kernel.close(r.value().root(), imageFd);
        }
        List<String> savedView = view(saved, c);
        String diff = TreeView.firstDifference(savedView, TreeView.of(kernel.state(), r.value().root()));
        if (diff != null) {
            return new Outcome("restored tree differs: " + diff, tasks, script, image.toByteArray(), scenario(c), savedView, events);
        }
        List<String> dirt = KernelInvariants.violations(kernel.state());
        if (!dirt.isEmpty()) {
            return new Outcome("kernel invariants after restart: " + dirt, tasks, script, image.toByteArray(), scenario(c),
                    savedView, events);
        }
        return new Outcome(null, tasks, script, image.toByteArray(), scenario(c), savedView, events);
    }

    private static List<String> view(KernelState saved, int c) {
        return TreeView.of(saved, c);
    }

    /** One operation by a live container task (or host, to share or drop something). */
    private void apply(int c, int code) {
        KernelState s = kernel.state();
        List<Task> box = s.tasks().values().stream().filter(t -> member(t) && !t.isZombie()).toList();
        List<Task> all = s.tasks().values().stream().filter(RoundTrip::member).toList();
        int kind = code % KINDS;
        int sel = code / KINDS;
        Task t = box.get(Math.floorMod(sel * 31 + 7, box.size()));
        int fd = sel % 5;
        Result<?> r;
        String[] line = {null};
        if (kind == 22) {
            orphanToSubreaperAbove(s, c, box, sel);
            return;
        }
        switch (kind) {
            case 0, 1, 2 -> {
                if (all.size() >= maxTasks) {
                    return;
                }
                // a sibling of the root or of its threads would be born outside the tree; one of a
                // thread of a nested namespace's init, outside its own namespace (restart refuses it)
                boolean parent = bit(sel, 5) && t.tgid() != c && s.namespaces().get(t.ns()).init() != t.tgid();
                boolean sighand = bit(sel, 2) && bit(sel, 4); // CLONE_SIGHAND needs CLONE_VM
                String into = self && t.pid() == c ? BOX : null; // the self-checkpointing init's children go to the tree's cgroup
                boolean newPid = bit(sel, 6) && bit(sel, 7);
                // CLONE_THREAD needs CLONE_SIGHAND; not with CLONE_NEWPID, nor into another cgroup
                boolean thread = sighand && bit(sel, 8) && !newPid && into == null;
                r = kernel.fork(t.pid(), new ForkOptions(into, newPid, parent, bit(sel, 1),
                        bit(sel, 2), bit(sel, 3), sighand, thread));
                line[0] = "t" + t.pid() + " fork t$R" + (newPid ? " newpid" : "") + (parent ? " parent" : "")
                        + (into != null ? " cgroup=" + into : "")
                        + (bit(sel, 1) ? " files" : "") + (bit(sel, 2) ? " vm" : "") + (bit(sel, 3) ? " fs" : "")
                        + (sighand ? " sighand" : "") + (thread ? " thread" : "");
            }
            case 3 -> {
                r = kernel.setsid(t.pid());
                line[0] = "t" + t.pid() + " setsid";
            }
            case 4, 5 -> {
                Task g = all.get(Math.floorMod(sel / 3, all.size()));
                r = kernel.setpgid(t.pid(), 0, bit(sel, 1) ? 0 : g.pgid());
                line[0] = bit(sel, 1) ? "t" + t.pid() + " setpgid" : "t" + t.pid() + " setpgid t" + t.pid() + " t" + g.pgid();
            }
            case 6 -> {
                r = t.pid() == c ? null : kernel.exit(t.pid(), sel % 4);
                line[0] = "t" + t.pid() + " exit " + sel % 4;
            }
            case 7 -> {
                List<Task> zombies = all.stream().filter(Task::isZombie).toList();
                r = zombies.isEmpty() ? null : kernel.wait(zombies.get(sel % zombies.size()).ppid(), zombies.get(sel % zombies.size()).pid());
                line[0] = zombies.isEmpty() ? null
                        : "t" + zombies.get(sel % zombies.size()).ppid() + " wait t" + zombies.get(sel % zombies.size()).pid();
            }
            case 8 -> {
                r = kernel.subreaper(t.pid(), true);
                line[0] = "t" + t.pid() + " subreaper on";
            }
            case 9 -> {
                r = kernel.open(t.pid(), "/f" + (sel % 3), fd, true, bit(sel, 3));
                line[0] = "t" + t.pid() + " open /f" + (sel % 3) + " fd=" + fd + " flags=" + (bit(sel, 3) ? "rw" : "r");
            }
            case 10 -> {
                r = kernel.pipe(t.pid(), fd, fd + 5);
                line[0] = "t" + t.pid() + " pipe fds=" + fd + "," + (fd + 5);
            }
            case 11 -> {
                r = kernel.socketpair(t.pid(), fd, fd + 5);
                line[0] = "t" + t.pid() + " socketpair fds=" + fd + "," + (fd + 5);
            }
            case 12 -> {
                r = kernel.send(t.pid(), fd + (bit(sel, 4) ? 5 : 0), "d" + sel % 10);
                line[0] = "t" + t.pid() + " send " + (fd + (bit(sel, 4) ? 5 : 0)) + " d" + sel % 10;
            }
            case 13 -> {
                r = kernel.dup(t.pid(), fd, (sel / 5) % 10);
                line[0] = "t" + t.pid() + " dup " + fd + " fd=" + (sel / 5) % 10;
            }
            case 14 -> {
                r = kernel.close(t.pid(), fd);
                line[0] = "t" + t.pid() + " close " + fd;
            }
            case 15 -> {
                var mm = s.objects().get(t.res().mm(), org.croracle.impl.kernel.Mm.class);
                if (mm == null || mm.vmas().isEmpty() || bit(sel, 4)) {
                    r = kernel.mmap(t.pid(), "m" + sel % 3, 1 + sel % 3, bit(sel, 2), bit(sel, 3) ? "/f" + sel % 3 : null);
                    line[0] = "t" + t.pid() + " mmap m" + sel % 3 + " pages=" + (1 + sel % 3) + (bit(sel, 2) ? " shared" : " private")
                            + (bit(sel, 3) ? " file=/f" + sel % 3 : "");
                } else {
                    String name = new ArrayList<>(mm.vmas().keySet()).get(sel % mm.vmas().size());
                    r = kernel.writePage(t.pid(), name, sel % mm.vmas().get(name).pages(), sel % 200);
                    line[0] = "t" + t.pid() + " write " + name + " page=" + sel % mm.vmas().get(name).pages() + " byte=" + sel % 200;
                }
            }
            case 16 -> {
                r = kernel.sigaction(t.pid(), bit(sel, 1) ? Signal.SIGUSR1 : Signal.SIGHUP,
                        bit(sel, 2) ? Sighand.Disposition.IGNORE : Sighand.Disposition.HANDLE);
                line[0] = "t" + t.pid() + " sigaction " + (bit(sel, 1) ? "SIGUSR1" : "SIGHUP") + (bit(sel, 2) ? " ignore" : " handle");
            }
            case 18 -> { // a zombie killed by a signal: the default action of each is to terminate
                Signal sig = List.of(Signal.SIGTERM, Signal.SIGKILL, Signal.SIGUSR1, Signal.SIGHUP).get(sel % 4);
                r = t.pid() == c ? null : kernel.kill(kernel.hostPid(), t.pid(), sig);
                line[0] = "host kill t" + t.pid() + " " + sig.name();
                if (r != null && r.isOk()) {
                    for (int pid : kernel.pendingSignals()) {
                        kernel.deliverPendingSignal(pid);
                    }
                }
            }
            case 19 -> {
                r = kernel.cloexec(t.pid(), fd, !bit(sel, 4));
                line[0] = "t" + t.pid() + " cloexec " + fd + (bit(sel, 4) ? " off" : " on");
            }
            case 20 -> {
                r = kernel.seek(t.pid(), fd, 1 + sel % 7);
                line[0] = "t" + t.pid() + " seek " + fd + " " + (1 + sel % 7);
            }
            case 21 -> {
                int id = 1000 + sel % 3;
                if (self && t.pid() == c) {
                    return; // a self-checkpointing init that dropped its uid may not read its root children (EPERM)
                }
                r = bit(sel, 2) ? kernel.setgid(t.pid(), id) : kernel.setuid(t.pid(), id);
                line[0] = "t" + t.pid() + (bit(sel, 2) ? " gid " : " uid ") + id;
            }
            case 23 -> {
                r = null;
                doomAfterFreeze = t.pid() == c ? 0 : t.pid();
            }
            case 24 -> r = null; // the first code's choice of a SUBTREE checkpoint (go): nothing later
            default -> {
                r = kernel.sigmask(t.pid(), true, Signal.SIGUSR2);
                line[0] = "t" + t.pid() + " sigmask block SIGUSR2";
                if (r.isOk() && bit(sel, 1)) {
                    kernel.kill(t.pid(), t.pid(), Signal.SIGUSR2); // pending while blocked
                    line[0] += "\nt" + t.pid() + " kill t" + t.pid() + " SIGUSR2";
                }
            }
        }
        if (r != null) {
            script.add(kind + "@" + t.pid() + " = " + r);
            if (r.isOk() && line[0] != null) {
                crs.add(line[0].replace("$R", String.valueOf(r.value())));
            }
        }
    }

    /**
     * A task's children orphaned while the nearest subreaper is further up than its parent: the
     * grandparent of a task with live children becomes a subreaper (unless it is the namespace's
     * init, which adopts orphans anyway), then the task exits and its children go to the grandparent.
     */
    private void orphanToSubreaperAbove(KernelState s, int c, List<Task> box, int sel) {
        List<Task> dying = box.stream().filter(m -> {
            Task p = s.tasks().get(m.ppid());
            Task g = p == null ? null : s.tasks().get(p.ppid());
            return m.pid() != c && p != null && p.pid() != c && g != null && member(g) && !g.isZombie()
                    && g.ns() == m.ns() && s.namespaces().get(g.ns()).init() != g.pid() && !p.subreaper()
                    && s.children(m.pid()).stream().anyMatch(k -> !k.isZombie()) && m.isThreadGroupLeader();
        }).toList();
        if (dying.isEmpty()) {
            return;
        }
        Task m = dying.get(sel % dying.size());
        int grand = s.tasks().get(m.ppid()).ppid();
        if (!kernel.subreaper(grand, true).isOk()) {
            return;
        }
        crs.add("t" + grand + " subreaper on");
        script.add("22@" + grand + " subreaper on");
        List<Integer> orphans = s.children(m.pid()).stream().filter(k -> !k.isZombie()).map(Task::pid).toList();
        Result<?> r = kernel.exit(m.pid(), sel % 4);
        script.add("22@" + m.pid() + " = " + r);
        if (r.isOk()) {
            crs.add("t" + m.pid() + " exit " + sel % 4);
            if (orphans.stream().anyMatch(o -> kernel.state().tasks().get(o).ppid() == grand)) {
                events.add("orphan adopted by a subreaper above its parent");
            }
        }
    }

    /** A task of the tree: in its cgroup, or the self-checkpointing init in its own. */
    private static boolean member(Task t) {
        return t.cgroup().equals(BOX) || t.cgroup().equals(INIT_BOX);
    }

    /** The tree's scenario, ending in the round trip and its expectation. */
    private List<String> scenario(int c) {
        List<String> out = new ArrayList<>(List.of("# A round trip that failed (saved by ./cr roundtrip / the round-trip property)."));
        out.addAll(crs);
        boolean box = !self || crs.stream().anyMatch(l -> l.endsWith(" cgroup=" + BOX) || l.contains(" cgroup=" + BOX + " "));
        if (box) {
            out.add("freeze " + BOX);
        }
        if (doomAfterFreeze != 0) {
            out.add("host kill t" + doomAfterFreeze + " SIGTERM");
        }
        out.add(self ? "t" + c + " checkpoint self image=i" : "checkpoint t" + c + " image=i" + (subtree ? " subtree" : ""));
        out.add("expect ok");
        if (box) { // the tree's tasks first: the init's death waits for theirs while they are frozen
            out.add("destroy " + BOX);
        }
        if (self) {
            out.add("destroy " + INIT_BOX);
        }
        out.addAll(List.of("restart i as=r", "expect ok"));
        if (self) {
            out.add("r/t" + c + " close " + imageFd);
        }
        out.addAll(List.of("expect same t" + c + " r/t" + c, "expect clean"));
        return out;
    }

    private static boolean bit(int sel, int n) {
        return ((sel >> n) & 1) != 0;
    }
}
