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

    public static final int KINDS = 18;
    public static final String BOX = "box";

    /** What one round trip gave: empty problem when the tree came back equal. */
    public record Outcome(String problem, int tasks, List<String> script, byte[] image, List<String> crs) {
        Outcome(String problem, int tasks, List<String> script) {
            this(problem, tasks, script, null, List.of());
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
        int c = kernel.fork(host, new ForkOptions(BOX, true, false)).value();
        kernel.setsid(c);
        crs.add("host fork t" + c + " newpid cgroup=" + BOX);
        crs.add("t" + c + " setsid");
        for (int code : codes) {
            apply(c, code);
        }
        Result<?> frozen = kernel.freeze(BOX);
        if (!frozen.isOk()) {
            return new Outcome(null, 0, script); // a task sleeps uninterruptibly: nothing to checkpoint
        }
        KernelState saved = kernel.state();
        int tasks = (int) saved.tasks().values().stream().filter(t -> t.cgroup().equals(BOX)).count();
        if (!kernel.open(host, "/ckpt/rt", 100, false, true).isOk()) {
            return new Outcome("cannot open the image file", tasks, script);
        }
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        Result<Long> ck = kernel.checkpoint(host, c, 0, CheckpointIo.of(100, image));
        kernel.close(host, 100);
        if (!ck.isOk()) {
            return new Outcome("checkpoint: " + ck, tasks, script);
        }
        // destroy: kill the init (the namespace dies with it), thaw, reap.
        kernel.freezerWrite(BOX, org.croracle.impl.kernel.FreezerState.THAWED);
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
            return new Outcome("restart: " + r + " " + log, tasks, script, image.toByteArray(), scenario(c));
        }
        String diff = TreeView.firstDifference(TreeView.of(saved, c), TreeView.of(kernel.state(), r.value().root()));
        if (diff != null) {
            return new Outcome("restored tree differs: " + diff, tasks, script, image.toByteArray(), scenario(c));
        }
        List<String> dirt = KernelInvariants.violations(kernel.state());
        if (!dirt.isEmpty()) {
            return new Outcome("kernel invariants after restart: " + dirt, tasks, script);
        }
        return new Outcome(null, tasks, script, image.toByteArray(), scenario(c));
    }

    /** One operation by a live container task (or host, to share or drop something). */
    private void apply(int c, int code) {
        KernelState s = kernel.state();
        List<Task> box = s.tasks().values().stream().filter(t -> t.cgroup().equals(BOX) && !t.isZombie()).toList();
        List<Task> all = s.tasks().values().stream().filter(t -> t.cgroup().equals(BOX)).toList();
        int kind = code % KINDS;
        int sel = code / KINDS;
        Task t = box.get(Math.floorMod(sel * 31 + 7, box.size()));
        int fd = sel % 5;
        Result<?> r;
        String[] line = {null};
        switch (kind) {
            case 0, 1, 2 -> {
                if (all.size() >= maxTasks) {
                    return;
                }
                boolean parent = bit(sel, 5) && t.pid() != c && s.namespaces().get(t.ns()).init() != t.pid();
                r = kernel.fork(t.pid(), new ForkOptions(null, bit(sel, 6) && bit(sel, 7), parent, bit(sel, 1),
                        bit(sel, 2), bit(sel, 3), false, false));
                line[0] = "t" + t.pid() + " fork t$R" + (bit(sel, 6) && bit(sel, 7) ? " newpid" : "") + (parent ? " parent" : "")
                        + (bit(sel, 1) ? " files" : "") + (bit(sel, 2) ? " vm" : "") + (bit(sel, 3) ? " fs" : "");
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

    /** The tree's scenario, ending in the round trip and its expectation. */
    private List<String> scenario(int c) {
        List<String> out = new ArrayList<>(List.of("# A round trip that failed (saved by ./cr roundtrip / the round-trip property)."));
        out.addAll(crs);
        out.addAll(List.of("freeze " + BOX, "checkpoint t" + c + " image=i", "expect ok", "destroy " + BOX,
                "restart i as=r", "expect ok", "expect same t" + c + " r/t" + c, "expect clean"));
        return out;
    }

    private static boolean bit(int sel, int n) {
        return ((sel >> n) & 1) != 0;
    }
}
