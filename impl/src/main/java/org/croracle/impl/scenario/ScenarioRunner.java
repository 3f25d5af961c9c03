package org.croracle.impl.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import java.io.ByteArrayOutputStream;

import org.croracle.impl.kernel.CheckpointFlags;
import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.RestartFlags;
import org.croracle.impl.syscall.RestartIo;
import org.croracle.impl.syscall.Restarted;
import org.croracle.impl.restart.TreeView;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ExitStatus;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelInvariants;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Sighand;

/**
 * Runs a parsed scenario on a kernel: each line is one or more kernel calls. A failing operation
 * stops the scenario unless the next line expects its errno; a failed expectation is reported
 * and the scenario goes on. Lines whose feature is not built yet stop it with "not implemented
 * yet". Labels name tasks by their global pid; the kernel itself answers ESRCH or ECHILD for a
 * task the actor cannot see or is not the parent of.
 */
public final class ScenarioRunner {

    /** The lines that need a part of the kernel that does not exist yet, and where it will come from. */
    private static final Map<String, String> NOT_YET = Map.of();

    private final Kernel kernel;
    private final Map<String, Integer> labels = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final String file;
    /** Checkpoint images by name (kept in memory; `./cr run --images DIR` writes them out). */
    private final Map<String, byte[]> images = new LinkedHashMap<>();
    /** What the run printed: checkpoint ids, and the checkpoint log (logfd) of every call. */
    private final List<String> output = new ArrayList<>();
    /** Per image: the kernel and the labels when it was taken (for `expect same` and restart's labels). */
    private final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    /** Per restart prefix: its plan as numbered lines (`./cr run --plan`). */
    private final Map<String, List<String>> plans = new LinkedHashMap<>();
    /** Per restart prefix: the image it restored. */
    private final Map<String, String> restoredFrom = new LinkedHashMap<>();

    /** The kernel when an image was taken, its root, and each task's label by its pid in the root's namespace. */
    private record Snapshot(KernelState state, int root, Map<String, Integer> labels, Map<Integer, String> byPid) {
    }

    public ScenarioRunner(Kernel kernel, String file) {
        this.kernel = kernel;
        this.file = file;
        labels.put("host", kernel.hostPid());
    }

    public static ScenarioResult run(Kernel kernel, Scenario scenario) {
        return run(kernel, scenario, st -> { });
    }

    /**
     * Runs a scenario as {@link #run(Kernel, Scenario)} does, telling {@code beforeOperation} each
     * line just before it runs (expectations excluded), so that a caller who records the kernel's
     * steps knows the line each step came from ({@code ./cr explain}).
     */
    public static ScenarioResult run(Kernel kernel, Scenario scenario, Consumer<Statement> beforeOperation) {
        return new ScenarioRunner(kernel, scenario.file()).runAll(scenario, beforeOperation);
    }

    /**
     * Runs one line that is not an expectation, as {@link #run} does, and delivers the signals it
     * left pending: one step of the scenario, for a driver that compares it with another kernel
     * ({@code ./cr run --on-linux}).
     */
    public Result<?> perform(Statement st) {
        if (st.isCommand() && st.verb().equals("expect")) {
            throw new IllegalArgumentException("perform runs operations, not expectations: " + st.text());
        }
        Result<?> r = execute(st);
        deliverPendingSignals();
        return r;
    }

    /** The kernel this runner drives. */
    public Kernel kernel() {
        return kernel;
    }

    /** The images the run's checkpoints made so far, by name. */
    public Map<String, byte[]> images() {
        return Map.copyOf(images);
    }

    /** The global pid a label names (for printing). */
    public Map<String, Integer> labels() {
        return Map.copyOf(labels);
    }

    private ScenarioResult runAll(Scenario scenario, Consumer<Statement> beforeOperation) {
        List<Statement> lines = scenario.statements();
        Result<?> previous = null;
        int operations = 0;
        int expectations = 0;
        for (int i = 0; i < lines.size(); i++) {
            Statement st = lines.get(i);
            if (st.isCommand() && st.verb().equals("expect")) {
                expectations++;
                expect(st, previous);
                continue;
            }
            String missing = missingFeature(st);
            if (missing != null) {
                failures.add(where(st) + st.verb() + " is not implemented yet (it needs " + missing + ")");
                return result(st.line(), true, operations, expectations);
            }
            operations++;
            beforeOperation.accept(st);
            previous = execute(st);
            deliverPendingSignals();
            boolean expected = i + 1 < lines.size() && isErrnoOrOkExpectation(lines.get(i + 1));
            if (!previous.isOk() && !expected) {
                failures.add(where(st) + st.text() + ": " + describe(previous));
                return result(st.line(), false, operations, expectations);
            }
        }
        return result(0, false, operations, expectations);
    }

    private ScenarioResult result(int stoppedAt, boolean notImplemented, int operations, int expectations) {
        return new ScenarioResult(failures, stoppedAt, notImplemented, kernel.state(), labels, operations, expectations,
                images, output, plans);
    }

    private static boolean isErrnoOrOkExpectation(Statement st) {
        return st.isCommand() && st.verb().equals("expect") && st.args().size() == 1
                && !st.arg(0).equals("clean");
    }

    private String missingFeature(Statement st) {
        return NOT_YET.get(st.verb());
    }

    private String where(Statement st) {
        return file + ":" + st.line() + ": ";
    }

    private static String describe(Result<?> r) {
        return switch (r.status()) {
            case OK -> "ok";
            case ERROR -> r.errno() + (r.reason() == null ? "" : " (" + r.reason() + ")");
            case BLOCKED -> "blocked: " + r.reason() + " (the call would wait until the task can run)";
        };
    }

    // ---- operations ----

    private int pid(String label) {
        return labels.getOrDefault(label, -1); // a label whose fork failed names no task
    }

    private Result<?> execute(Statement st) {
        if (st.isCommand()) {
            return command(st);
        }
        int a = pid(st.actor());
        switch (st.verb()) {
            case "fork": {
                ForkOptions o = forkOptions(st);
                Result<Integer> r = kernel.fork(a, o);
                if (r.isOk()) {
                    labels.put(st.arg(0), r.value());
                }
                return r;
            }
            case "eclone": {
                ForkOptions o = forkOptions(st);
                List<Integer> pids = new ArrayList<>();
                for (String p : st.options().get("pids").split(",")) {
                    pids.add(Integer.parseInt(p));
                }
                Result<Integer> r = kernel.eclone(a, o, pids);
                if (r.isOk()) {
                    labels.put(st.arg(0), r.value());
                }
                return r;
            }
            case "exit":
                return kernel.exit(a, Integer.parseInt(st.arg(0)));
            case "kill":
                return kernel.kill(a, pid(st.arg(0)), Signal.parse(st.arg(1)).orElseThrow());
            case "wait":
                return kernel.wait(a, pid(st.arg(0)));
            case "setsid":
                return kernel.setsid(a);
            case "setpgid": {
                int target = st.args().isEmpty() ? 0 : pid(st.arg(0));
                int group = st.args().size() < 2 ? 0 : pid(st.arg(1));
                return kernel.setpgid(a, target, group);
            }
            case "subreaper":
                return kernel.subreaper(a, st.arg(0).equals("on"));
            case "uid":
                return kernel.setuid(a, Integer.parseInt(st.arg(0)));
            case "gid":
                return kernel.setgid(a, Integer.parseInt(st.arg(0)));
            case "open": {
                String f = st.options().get("flags");
                return kernel.open(a, st.arg(0), Integer.parseInt(st.options().get("fd")), f.contains("r"), f.contains("w"));
            }
            case "pipe": {
                String[] fds = st.options().get("fds").split(",");
                return kernel.pipe(a, Integer.parseInt(fds[0]), Integer.parseInt(fds[1]));
            }
            case "socketpair": {
                String[] fds = st.options().get("fds").split(",");
                return kernel.socketpair(a, Integer.parseInt(fds[0]), Integer.parseInt(fds[1]));
            }
            case "dup":
                return kernel.dup(a, Integer.parseInt(st.arg(0)), Integer.parseInt(st.options().get("fd")));
            case "close":
                return kernel.close(a, Integer.parseInt(st.arg(0)));
            case "seek":
                return kernel.seek(a, Integer.parseInt(st.arg(0)), Long.parseLong(st.arg(1)));
            case "cloexec":
                return kernel.cloexec(a, Integer.parseInt(st.arg(0)), st.arg(1).equals("on"));
            case "send":
                return kernel.send(a, Integer.parseInt(st.arg(0)), st.arg(1));
            case "recv":
                return kernel.recv(a, Integer.parseInt(st.arg(0)), Integer.parseInt(st.arg(1)));
            case "mmap":
                return kernel.mmap(a, st.arg(0), Integer.parseInt(st.options().get("pages")),
                        st.flags().contains("shared"), st.options().get("file"));
            case "write":
                return kernel.writePage(a, st.arg(0), Integer.parseInt(st.options().get("page")),
                        Integer.parseInt(st.options().get("byte")));
            case "sigaction":
                return kernel.sigaction(a, Signal.parse(st.arg(0)).orElseThrow(),
                        Sighand.Disposition.valueOf(st.arg(1).toUpperCase(java.util.Locale.ROOT)));
            case "sigmask":
                return kernel.sigmask(a, st.arg(0).equals("block"), Signal.parse(st.arg(1)).orElseThrow());
            case "fill":
                return kernel.fill(a, st.arg(0), Integer.parseInt(st.options().get("byte")));
            case "checkpoint":
                return checkpoint(a, 0, st.flags().contains("subtree") ? CheckpointFlags.SUBTREE : 0,
                        st.options().get("image"));
            default:
                throw new IllegalStateException("the parser let through " + st.verb());
        }
    }

    private static ForkOptions forkOptions(Statement st) {
        Set<String> f = st.flags();
        return new ForkOptions(st.options().get("cgroup"), f.contains("newpid"), f.contains("parent"),
                f.contains("files"), f.contains("vm"), f.contains("fs"), f.contains("sighand"), f.contains("thread"));
    }

    private Result<?> command(Statement st) {
        switch (st.verb()) {
            case "freeze":
                return kernel.freeze(st.arg(0));
            case "thaw":
                return kernel.freezerWrite(st.arg(0), FreezerState.THAWED);
            case "destroy":
                return destroy(st.arg(0));
            case "sysctl":
                return kernel.sysctlCkptUnprivAllowed(Integer.parseInt(st.options().get("ckpt_unpriv_allowed")));
            case "checkpoint": {
                int caller = st.options().containsKey("by") ? pid(st.options().get("by")) : kernel.hostPid();
                int flags = st.flags().contains("subtree") ? CheckpointFlags.SUBTREE : 0;
                return checkpoint(caller, pid(st.arg(0)), flags, st.options().get("image"));
            }
            case "restart": {
                int caller = st.options().containsKey("by") ? pid(st.options().get("by")) : kernel.hostPid();
                int flags = (st.flags().contains("frozen") ? RestartFlags.FROZEN : 0)
                        | (st.flags().contains("self") ? RestartFlags.TASKSELF : 0);
                return restart(caller, st.arg(0), st.options().get("as"), flags);
            }
            case "corrupt": {
                byte[] img = images.get(st.arg(0));
                int at = Integer.parseInt(st.options().get("offset"));
                if (img == null || at < 0 || at >= img.length) {
                    return Result.error(Errno.EINVAL, img == null ? "no image " + st.arg(0)
                            : "offset " + at + " is outside the image (" + img.length + " bytes)");
                }
                img = img.clone();
                img[at] = (byte) Integer.parseInt(st.options().get("byte"));
                images.put(st.arg(0), img);
                return Result.ok(null);
            }
            case "truncate": {
                byte[] img = images.get(st.arg(0));
                int n = Integer.parseInt(st.options().get("bytes"));
                if (img == null || n < 0 || n > img.length) {
                    return Result.error(Errno.EINVAL, img == null ? "no image " + st.arg(0)
                            : "cannot truncate " + img.length + " bytes to " + n);
                }
                images.put(st.arg(0), java.util.Arrays.copyOf(img, n));
                return Result.ok(null);
            }
            default:
                throw new IllegalStateException("the parser let through " + st.verb());
        }
    }

    /** destroy CGROUP: SIGKILL every task of the cgroup (from host), thaw it, and reap every corpse. */
    private Result<?> destroy(String cgroup) {
        if (kernel.state().cgroup(cgroup).isEmpty()) {
            return Result.error(Errno.ENOENT, "no freezer cgroup " + cgroup);
        }
        for (Task t : kernel.state().members(cgroup)) {
            if (kernel.state().tasks().containsKey(t.pid()) && !kernel.state().tasks().get(t.pid()).isZombie()) {
                kernel.kill(kernel.hostPid(), t.pid(), Signal.SIGKILL);
            }
        }
        if (kernel.state().cgroups().get(cgroup).state() != FreezerState.THAWED) {
            Result<FreezerState> thawed = kernel.freezerWrite(cgroup, FreezerState.THAWED);
            if (!thawed.isOk()) {
                return thawed;
            }
        }
        deliverPendingSignals();
        boolean reaped = true;
        while (reaped) {
            reaped = false;
            for (Task t : kernel.state().members(cgroup)) {
                if (t.isZombie() && kernel.wait(t.ppid(), t.pid()).isOk()) {
                    reaped = true;
                }
            }
        }
        return kernel.state().members(cgroup).isEmpty() ? Result.ok(null)
                : Result.error(Errno.EBUSY, "some tasks of " + cgroup + " survived");
    }

    private void deliverPendingSignals() {
        for (int pid : kernel.pendingSignals()) {
            kernel.deliverPendingSignal(pid);
        }
    }

    // ---- expectations ----

    private void expect(Statement st, Result<?> previous) {
        String kind = st.arg(0);
        KernelState s = kernel.state();
        switch (kind) {
            case "ok" -> {
                if (previous == null || !previous.isOk()) {
                    failures.add(where(st) + "expected ok, got " + (previous == null ? "no operation" : describe(previous)));
                }
            }
            case "same" -> expectSame(st);
            case "clean" -> {
                List<String> v = KernelInvariants.violations(s);
                if (!v.isEmpty()) {
                    failures.add(where(st) + "expected clean: " + String.join("; ", v));
                }
            }
            case "pid" -> {
                Task t = task(st, st.arg(1));
                if (t != null && t.pidAt(t.level()) != Integer.parseInt(st.arg(2))) {
                    failures.add(where(st) + "expected pid " + st.arg(2) + " for " + st.arg(1) + ", got "
                            + t.pidAt(t.level()));
                }
            }
            case "ppid", "sid", "pgid" -> {
                Task t = task(st, st.arg(1));
                if (t != null) {
                    int actual = kind.equals("ppid") ? t.ppid() : kind.equals("sid") ? t.sid() : t.pgid();
                    int want = pid(st.arg(2));
                    if (actual != want) {
                        failures.add(where(st) + "expected " + kind + " of " + st.arg(1) + " to be " + st.arg(2)
                                + " (pid " + want + "), got " + nameOf(actual));
                    }
                }
            }
            case "zombie" -> {
                Task t = task(st, st.arg(1));
                if (t != null) {
                    String want = st.arg(2);
                    ExitStatus e = t.exit();
                    boolean matches = t.isZombie() && (Signal.parse(want).isPresent() && !want.matches("-?\\d+")
                            ? e.killed() && e.signal() == Signal.parse(want).get()
                            : !e.killed() && e.code() == Integer.parseInt(want));
                    if (!matches) {
                        failures.add(where(st) + "expected " + st.arg(1) + " to be a zombie with status " + want
                                + ", got " + (t.isZombie() ? "a zombie with status " + e : t.state().name().toLowerCase()));
                    }
                }
            }
            default -> {
                Errno want = Errno.valueOf(kind);
                if (previous == null || previous.isOk() || previous.errno() != want) {
                    failures.add(where(st) + "expected " + want + ", got "
                            + (previous == null ? "no operation" : describe(previous)));
                }
            }
        }
    }

    /** The restart plan of an image as numbered lines, or why there is none. */
    private static List<String> planLines(byte[] img) {
        org.croracle.impl.restart.ImageLoader.Loaded loaded = org.croracle.impl.restart.ImageLoader.load(img);
        if (loaded.refusal() != null) {
            return List.of("no plan: " + loaded.refusal());
        }
        org.croracle.impl.restart.Planner.Outcome o = org.croracle.impl.restart.Planner.plan(loaded.image());
        if (o.refusal() != null) {
            return List.of("no plan: " + o.refusal());
        }
        List<String> lines = new ArrayList<>();
        o.plan().nodes().values().stream().filter(org.croracle.impl.kernel.PlanNode::temporary).forEach(n ->
                lines.add("temporary: " + n.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + n.pid() + " " + n.pids()
                        + " (parent " + n.parent() + ", session " + n.sid() + ", group " + n.pgid() + ")"));
        int i = 1;
        for (org.croracle.impl.kernel.PlanStep st : o.plan().steps()) {
            lines.add(String.format("%3d  %s", i++, st));
        }
        lines.add(String.format("%3d  every task restores itself in image order; zombies exit with their status", i++));
        lines.add(String.format("%3d  ghosts and anchors exit and are reaped; (frozen) the cgroup is frozen; all resume", i));
        return lines;
    }

    /** expect same a PREFIX/a: the tree at a when the image was taken equals the restored tree. */
    private void expectSame(Statement st) {
        String saved = st.arg(1);
        String restored = st.arg(2);
        String prefix = restored.contains("/") ? restored.substring(0, restored.indexOf('/')) : "";
        Snapshot snap = snapshots.get(restoredFrom.getOrDefault(prefix, ""));
        if (snap == null) {
            failures.add(where(st) + "expected same: nothing was restored as " + prefix);
            return;
        }
        Integer was = snap.labels().get(saved);
        Integer now = labels.get(restored);
        if (was == null || !snap.state().tasks().containsKey(was)) {
            failures.add(where(st) + "expected same: " + saved + " was not in the checkpointed tree");
            return;
        }
        if (now == null || !kernel.state().tasks().containsKey(now)) {
            failures.add(where(st) + "expected same: " + restored + " does not exist");
            return;
        }
        String diff = TreeView.firstDifference(TreeView.of(snap.state(), was), TreeView.of(kernel.state(), now));
        if (diff != null) {
            failures.add(where(st) + "expected same " + saved + " " + restored + ", " + diff);
        }
    }

    private Task task(Statement st, String label) {
        Task t = kernel.state().tasks().get(pid(label));
        if (t == null) {
            failures.add(where(st) + label + " no longer exists (reaped)");
        }
        return t;
    }

    private String nameOf(int pid) {
        return labels.entrySet().stream().filter(e -> e.getValue() == pid).map(Map.Entry::getKey)
                .findFirst().map(l -> l + " (pid " + pid + ")").orElse("pid " + pid);
    }

    /**
     * checkpoint(pid, fd, flags, logfd) as user-cr's checkpoint tool makes it: the caller opens
     * /ckpt/NAME for writing at its lowest free fd, calls checkpoint() with it (its log goes to the
     * run's output), and closes it. The image's bytes are kept under NAME.
     */
    private Result<?> checkpoint(int caller, int pid, int flags, String name) {
        int fd = lowestFreeFd(caller);
        Result<Integer> opened = kernel.open(caller, "/ckpt/" + name, fd, false, true);
        if (!opened.isOk()) {
            return opened;
        }
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        String who = nameOf(caller);
        Result<Long> r = kernel.checkpoint(caller, pid, flags,
                new CheckpointIo(fd, image, fd, line -> output.add("checkpoint " + name + " (by " + who + "): " + line)));
        kernel.close(caller, fd);
        images.put(name, image.toByteArray());
        if (r.isOk()) {
            output.add("checkpoint " + name + ": ckptid " + r.value() + ", " + image.size() + " bytes");
            KernelState now = kernel.state();
            int root = pid == 0 ? caller : pid;
            Task rootTask = now.tasks().get(root);
            Map<Integer, String> byPid = new LinkedHashMap<>();
            for (int g : org.croracle.impl.checkpoint.CheckpointTree.of(now, root)) {
                labels.entrySet().stream().filter(e -> e.getValue() == g).findFirst()
                        .ifPresent(e -> byPid.put(now.tasks().get(g).pidAt(rootTask.level()), e.getKey()));
            }
            snapshots.put(name, new Snapshot(now, root, Map.copyOf(labels), byPid));
        }
        return r;
    }

    /** The caller's lowest free fd (0 for a task with no fd table: its open fails with the kernel's errno). */
    private int lowestFreeFd(int caller) {
        Task t = kernel.state().tasks().get(caller);
        FdTable table = t == null || t.isZombie() ? null : kernel.state().objects().get(t.res().files(), FdTable.class);
        return table == null ? 0 : table.lowestFree();
    }

    /**
     * restart as user-cr's restart tool makes it: the caller opens /ckpt/NAME for reading, calls
     * restart() into a new PID namespace and freezer cgroup PREFIX, and closes the fd. The restored
     * tasks are labelled PREFIX/label.
     */
    private Result<?> restart(int caller, String name, String prefix, int flags) {
        byte[] img = images.get(name);
        if (img == null) {
            return Result.error(Errno.ENOENT, "no image " + name + " (no checkpoint image=" + name + " before)");
        }
        int fd = lowestFreeFd(caller);
        Result<Integer> opened = kernel.open(caller, "/ckpt/" + name, fd, true, false);
        if (!opened.isOk()) {
            return opened;
        }
        String who = nameOf(caller);
        plans.put(prefix, planLines(img));
        Result<Restarted> r = kernel.restart(caller, flags, prefix,
                new RestartIo(fd, img, -1, line -> output.add("restart " + name + " as " + prefix + " (by " + who + "): " + line)));
        kernel.close(caller, fd);
        if (r.isOk()) {
            Snapshot snap = snapshots.get(name);
            r.value().pids().forEach((rel, global) -> {
                String label = snap == null ? null : snap.byPid().get(rel);
                labels.put(prefix + "/" + (label != null ? label : "pid" + rel), global);
            });
            restoredFrom.put(prefix, name);
        }
        return r;
    }
}
