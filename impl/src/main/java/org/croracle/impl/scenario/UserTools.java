package org.croracle.impl.scenario;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.croracle.impl.checkpoint.CheckpointTree;
import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.CheckpointPhase;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.PlanNode;
import org.croracle.impl.kernel.PlanStep;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.restart.ImageLoader;
import org.croracle.impl.restart.Planner;
import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.RestartIo;
import org.croracle.impl.syscall.Restarted;

/**
 * The checkpoint and restart user tools as a scenario runs them, and what they leave behind: the
 * images (kept in memory; {@code ./cr run --images DIR} writes them out), the tools' logs, and
 * each restart's plan. Restored tasks get the labels their originals had when the image was taken.
 */
final class UserTools {

    /** The kernel when an image was taken, its root, and each task's label by its pid in the root's namespace. */
    record Snapshot(KernelState state, int root, Map<String, Integer> labels, Map<Integer, String> byPid) {
    }

    private final Kernel kernel;
    private final Labels labels;
    /** Checkpoint images by name. */
    private final Map<String, byte[]> images = new LinkedHashMap<>();
    /** What the tools printed: checkpoint ids, and the log (logfd) of every call. */
    private final List<String> output = new ArrayList<>();
    /** Per image: the kernel and the labels when it was taken (for {@code expect same} and restart's labels). */
    private final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    /** Per restart prefix: its plan as numbered lines ({@code ./cr run --plan}). */
    private final Map<String, List<String>> plans = new LinkedHashMap<>();
    /** Per restart prefix: the image it restored. */
    private final Map<String, String> restoredFrom = new LinkedHashMap<>();

    UserTools(Kernel kernel, Labels labels) {
        this.kernel = kernel;
        this.labels = labels;
    }

    Map<String, byte[]> images() {
        return images;
    }

    List<String> output() {
        return output;
    }

    /** Who else hears each line of the tools' output as it is written (./cr run --trace, beside the steps). */
    private java.util.function.Consumer<String> listener = line -> { };

    void listen(java.util.function.Consumer<String> listener) {
        this.listener = listener;
    }

    private void say(String line) {
        output.add(line);
        listener.accept(line);
    }

    Map<String, List<String>> plans() {
        return plans;
    }

    /** The kernel as it was checkpointed into the image restored as {@code prefix}, or null if none was. */
    Snapshot restoredAs(String prefix) {
        return snapshots.get(restoredFrom.getOrDefault(prefix, ""));
    }

    /**
     * checkpoint(pid, fd, flags, logfd) as user-cr's checkpoint tool makes it: the caller opens
     * /ckpt/NAME for writing at its lowest free fd, calls checkpoint() with it (its log goes to the
     * run's output), and closes it. The image's bytes are kept under NAME.
     */
    Result<?> checkpoint(int caller, int pid, int flags, String name) {
        int fd = lowestFreeFd(caller);
        Result<Integer> opened = kernel.open(caller, "/ckpt/" + name, fd, false, true);
        if (!opened.isOk()) {
            return opened;
        }
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        String who = labels.nameOf(caller);
        Result<Long> r = kernel.checkpoint(caller, pid, flags,
                new CheckpointIo(fd, image, fd, line -> say("checkpoint " + name + " (by " + who + "): " + line)));
        return finish(new Pending(caller, pid, fd, name, image), r);
    }

    /** A checkpoint the tool has entered and not yet returned from. */
    private record Pending(int caller, int pid, int fd, String name, ByteArrayOutputStream image) {
    }

    private Pending pending;

    /**
     * The checkpoint tool entering checkpoint() and making only its first step: later lines run
     * between its steps ({@link #checkpointStep}, {@link #checkpointWait}); the fd stays open until
     * the call returns.
     */
    Result<?> checkpointStart(int caller, int pid, int flags, String name) {
        if (pending != null) {
            return Result.error(Errno.EBUSY, "checkpoint " + pending.name() + " is in progress (checkpoint-wait first)");
        }
        int fd = lowestFreeFd(caller);
        Result<Integer> opened = kernel.open(caller, "/ckpt/" + name, fd, false, true);
        if (!opened.isOk()) {
            return opened;
        }
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        String who = labels.nameOf(caller);
        Result<Integer> r = kernel.checkpointStart(caller, pid, flags,
                new CheckpointIo(fd, image, fd, line -> say("checkpoint " + name + " (by " + who + "): " + line)));
        Pending p = new Pending(caller, pid, fd, name, image);
        if (!r.isOk()) {
            return finish(p, r.cast());
        }
        pending = p;
        say("checkpoint " + name + ": in progress (call " + r.value() + ")");
        return r;
    }

    /** The checkpoint in progress makes its next step, or steps until it reaches {@code until} or returns. */
    Result<?> checkpointStep(String until) {
        if (pending == null || !kernel.checkpointInProgress()) {
            return Result.error(Errno.ESRCH, "no checkpoint is in progress (checkpoint-start first)");
        }
        if (until == null) {
            return kernel.checkpointStep();
        }
        while (kernel.checkpointInProgress() && !reached(kernel.state().checkpoint(), until)) {
            kernel.checkpointStep();
        }
        return Result.ok(null);
    }

    /** Whether a checkpoint's context is at {@code point} (ScenarioParser.CHECKPOINT_POINTS) or past it. */
    private static boolean reached(CheckpointContext c, String point) {
        if (c.phase() == CheckpointPhase.FAILED || c.phase() == CheckpointPhase.WRITTEN) {
            return true; // the call goes no further: it only ends
        }
        int at = c.phase().ordinal();
        return switch (point) {
            case "begun" -> at >= CheckpointPhase.BEGUN.ordinal();
            case "scanned" -> at >= CheckpointPhase.SCANNED.ordinal();
            case "collected" -> at > CheckpointPhase.SCANNED.ordinal() || c.phase() == CheckpointPhase.SCANNED && c.current() == 0;
            case "checked" -> at >= CheckpointPhase.DUMPING.ordinal();
            case "dumped" -> at > CheckpointPhase.DUMPING.ordinal() || c.phase() == CheckpointPhase.DUMPING && c.current() == 0;
            default -> throw new IllegalArgumentException("no checkpoint point " + point);
        };
    }

    /** The checkpoint in progress runs to its end; the outcome is what checkpoint() returned. */
    Result<?> checkpointWait() {
        if (pending == null) {
            return Result.error(Errno.ESRCH, "no checkpoint is in progress (checkpoint-start first)");
        }
        Pending p = pending;
        pending = null;
        return finish(p, kernel.checkpointWait());
    }

    /** After checkpoint() returned: the tool closes its fd, keeps the image, and on success the tree as it was. */
    private Result<?> finish(Pending p, Result<Long> r) {
        kernel.close(p.caller(), p.fd());
        String name = p.name();
        images.put(name, p.image().toByteArray());
        if (r.isOk()) {
            say("checkpoint " + name + ": ckptid " + r.value() + ", " + p.image().size() + " bytes");
            KernelState now = kernel.state();
            int root = p.pid() == 0 ? p.caller() : p.pid();
            Task rootTask = now.tasks().get(root);
            Map<Integer, String> byPid = new LinkedHashMap<>();
            for (int g : CheckpointTree.of(now, root)) {
                labels.labelOf(g).ifPresent(l -> byPid.put(now.tasks().get(g).pidAt(rootTask.level()), l));
            }
            snapshots.put(name, new Snapshot(now, root, labels.asMap(), byPid));
        }
        return r;
    }

    /**
     * restart as user-cr's restart tool makes it: the caller opens /ckpt/NAME for reading, calls
     * restart() into a new PID namespace and freezer cgroup PREFIX, and closes the fd. The restored
     * tasks are labelled PREFIX/label.
     */
    Result<?> restart(int caller, String name, String prefix, int flags) {
        byte[] img = images.get(name);
        if (img == null) {
            return Result.error(Errno.ENOENT, "no image " + name + " (no checkpoint image=" + name + " before)");
        }
        int fd = lowestFreeFd(caller);
        Result<Integer> opened = kernel.open(caller, "/ckpt/" + name, fd, true, false);
        if (!opened.isOk()) {
            return opened;
        }
        String who = labels.nameOf(caller);
        Snapshot taken = snapshots.get(name);
        plans.put(prefix, planLines(img, taken == null ? Map.of() : taken.byPid()));
        Result<Restarted> r = kernel.restart(caller, flags, prefix,
                new RestartIo(fd, img, -1, line -> say("restart " + name + " as " + prefix + " (by " + who + "): " + line)));
        kernel.close(caller, fd);
        if (r.isOk()) {
            Snapshot snap = snapshots.get(name);
            r.value().pids().forEach((rel, global) -> {
                String label = snap == null ? null : snap.byPid().get(rel);
                labels.name(prefix + "/" + (label != null ? label : "pid" + rel), global);
            });
            restoredFrom.put(prefix, name);
        }
        return r;
    }

    /**
     * restart NAME file=PATH: an image from a file (one written by --images, or edited through
     * ckptinfo --json and --encode) kept as NAME, as if the scenario had made it. An unreadable
     * file is ENOENT, as opening it would be.
     */
    Result<?> load(String name, java.nio.file.Path file) {
        try {
            images.put(name, java.nio.file.Files.readAllBytes(file));
            snapshots.remove(name); // its tree was not seen by this scenario: no labels for it
            return Result.ok(null);
        } catch (java.io.IOException e) {
            return Result.error(Errno.ENOENT, "cannot read image file " + file + ": " + e.getMessage());
        }
    }

    /** corrupt NAME offset=N byte=B: one byte of a kept image overwritten, as a damaged file would be. */
    Result<?> corrupt(String name, int at, int value) {
        byte[] img = images.get(name);
        if (img == null || at < 0 || at >= img.length) {
            return Result.error(Errno.EINVAL, img == null ? "no image " + name
                    : "offset " + at + " is outside the image (" + img.length + " bytes)");
        }
        img = img.clone();
        img[at] = (byte) value;
        images.put(name, img);
        return Result.ok(null);
    }

    /** truncate NAME bytes=N: a kept image cut short, as an interrupted copy would leave it. */
    Result<?> truncate(String name, int n) {
        byte[] img = images.get(name);
        if (img == null || n < 0 || n > img.length) {
            return Result.error(Errno.EINVAL, img == null ? "no image " + name
                    : "cannot truncate " + img.length + " bytes to " + n);
        }
        images.put(name, Arrays.copyOf(img, n));
        return Result.ok(null);
    }

    /** The caller's lowest free fd (0 for a task with no fd table: its open fails with the kernel's errno). */
    private int lowestFreeFd(int caller) {
        Task t = kernel.state().tasks().get(caller);
        FdTable table = t == null || t.isZombie() ? null : kernel.state().objects().get(t.res().files(), FdTable.class);
        return table == null ? 0 : table.lowestFree();
    }

    /**
     * The restart plan of an image as numbered lines, or why there is none. A task is named by the
     * label it had when the image was taken, with its pid in the image: the plan reads in the
     * scenario's words, and the pids are those eclone is asked for.
     */
    private static List<String> planLines(byte[] img, Map<Integer, String> labelsByPid) {
        java.util.function.IntFunction<String> name = pid -> labelsByPid.containsKey(pid)
                ? labelsByPid.get(pid) + "(" + pid + ")" : Integer.toString(pid);
        ImageLoader.Loaded loaded = ImageLoader.load(img);
        if (loaded.refusal() != null) {
            return List.of("no plan: " + loaded.refusal());
        }
        Planner.Outcome o = Planner.plan(loaded.image());
        if (o.refusal() != null) {
            return List.of("no plan: " + o.refusal());
        }
        List<String> lines = new ArrayList<>();
        o.plan().nodes().values().stream().filter(PlanNode::temporary).forEach(n ->
                lines.add("temporary: " + n.kind().name().toLowerCase(Locale.ROOT) + " " + n.pid() + " " + n.pids()
                        + " (parent " + name.apply(n.parent()) + ", session " + name.apply(n.sid()) + ", group "
                        + name.apply(n.pgid()) + ")"));
        int i = 1;
        for (PlanStep st : o.plan().steps()) {
            lines.add(String.format("%3d  %s", i++, st.describe(name)));
        }
        lines.add(String.format("%3d  every task restores itself in image order; zombies exit with their status", i++));
        lines.add(String.format("%3d  ghosts and keepers exit and are reaped; (frozen) the cgroup is frozen; all resume", i));
        return lines;
    }
}
