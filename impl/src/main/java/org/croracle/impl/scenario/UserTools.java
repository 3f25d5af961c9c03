package org.croracle.impl.scenario;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.croracle.impl.checkpoint.CheckpointTree;
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
                new CheckpointIo(fd, image, fd, line -> output.add("checkpoint " + name + " (by " + who + "): " + line)));
        kernel.close(caller, fd);
        images.put(name, image.toByteArray());
        if (r.isOk()) {
            output.add("checkpoint " + name + ": ckptid " + r.value() + ", " + image.size() + " bytes");
            KernelState now = kernel.state();
            int root = pid == 0 ? caller : pid;
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
        plans.put(prefix, planLines(img));
        Result<Restarted> r = kernel.restart(caller, flags, prefix,
                new RestartIo(fd, img, -1, line -> output.add("restart " + name + " as " + prefix + " (by " + who + "): " + line)));
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

    /** The restart plan of an image as numbered lines, or why there is none. */
    private static List<String> planLines(byte[] img) {
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
                        + " (parent " + n.parent() + ", session " + n.sid() + ", group " + n.pgid() + ")"));
        int i = 1;
        for (PlanStep st : o.plan().steps()) {
            lines.add(String.format("%3d  %s", i++, st));
        }
        lines.add(String.format("%3d  every task restores itself in image order; zombies exit with their status", i++));
        lines.add(String.format("%3d  ghosts and keepers exit and are reaped; (frozen) the cgroup is frozen; all resume", i));
        return lines;
    }
}
