package org.croracle.oracle.linux;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

import org.croracle.impl.image.ImageChecker;
import org.croracle.impl.image.ImageFormatException;
import org.croracle.impl.image.ImageObject;
import org.croracle.impl.image.ImageReader;
import org.croracle.impl.kernel.Plan;
import org.croracle.impl.kernel.PlanNode;
import org.croracle.impl.kernel.PlanStep;
import org.croracle.impl.restart.ImageLoader;
import org.croracle.impl.restart.Planner;
import org.croracle.impl.syscall.KernelConfig;

/**
 * The restart plan of any image (one a scenario's checkpoint wrote, or a snapshot of a live tree)
 * in words, and whether the tree can be restored: by linux-cr's restart (restart(2) rebuilds the
 * tree by the planner's plan and restores its objects in the kernel), by mainline (the same plan
 * carried out with clone3's set_tid, setsid and setpgid(2); mainline has no restart(2), so the
 * objects need a restorer in user space), or neither, and why.
 */
public final class RestartPlanReport {

    private RestartPlanReport() {}

    /**
     * The report.
     *
     * @param lines     the plan, one step a line, then the verdicts
     * @param linuxCr   linux-cr's restart can restore the tree
     * @param mainline  mainline can rebuild the process tree
     */
    public record Report(List<String> lines, boolean linuxCr, boolean mainline) {
        public Report {
            lines = List.copyOf(lines);
        }
    }

    /** The report of an image; {@code labels} name tasks by their pid in the image (a command, a scenario label). */
    public static Report of(byte[] image, Map<Integer, String> labels) {
        return of(image, labels, null);
    }

    /**
     * As {@link #of(byte[], Map)}, for an image whose tree linux-cr's checkpoint() refuses (a
     * snapshot's leak check found a container's object held from outside: {@code
     * checkpointRefusal} is why, null if it does not): linux-cr never writes such an image, and
     * the plan is for the tree as it was read.
     */
    public static Report of(byte[] image, Map<Integer, String> labels, String checkpointRefusal) {
        List<String> lines = new ArrayList<>();
        ImageChecker checker;
        try (ImageReader reader = new ImageReader(new ByteArrayInputStream(image))) {
            checker = ImageChecker.check(reader);
        } catch (ImageFormatException e) {
            return neither(lines, "the image is malformed: " + e.getMessage());
        } catch (IOException e) {
            return neither(lines, "the image cannot be read: " + e.getMessage());
        }
        if (checker.error().isPresent()) {
            return neither(lines, "it is the image of a failed checkpoint (" + checker.error().get().message() + ")");
        }
        KernelConfig config = Skeleton.config();
        ImageLoader.Loaded loaded = ImageLoader.load(image, config, config.tailCheck());
        if (loaded.refusal() != null) {
            return neither(lines, "restart refuses the image: " + loaded.refusal());
        }
        Skeleton.Outcome sk = Skeleton.of(image);
        if (!sk.ok()) {
            return neither(lines, sk.refusal());
        }
        // a container's tree is planned as it is; a subtree's below the new init its skeleton has
        Planner.Outcome planned = Planner.plan(sk.underInit() ? ImageLoader.load(sk.image(), config, config.tailCheck())
                .image() : loaded.image(), config.birthOrder());
        if (planned.refusal() != null) {
            return neither(lines, "the planner cannot rebuild the tree with legal process steps: " + planned.refusal());
        }
        Plan plan = planned.plan();
        IntFunction<String> name = pid -> name(plan, labels, pid, sk.underInit());
        lines.add("restart plan (" + checker.tree().size() + " tasks" + (sk.underInit() ? "; a subtree: restart makes a"
                + " new PID namespace, whose pid " + Skeleton.INIT + " is a new init, and the tree keeps its pids in it"
                : "") + "):");
        plan.nodes().values().stream().filter(PlanNode::temporary).forEach(n ->
                lines.add("  temporary: " + n.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + n.pid()
                        + " (parent " + name.apply(n.parent()) + ", session " + name.apply(n.sid()) + ", group "
                        + name.apply(n.pgid()) + ")"));
        int i = 1;
        for (PlanStep st : plan.steps()) {
            lines.add(String.format("  %3d  %s", i++, st.describe(name)));
        }
        lines.add(String.format("  %3d  every task restores itself in image order; zombies exit with their status", i++));
        lines.add(String.format("  %3d  ghosts and keepers exit and are reaped; all resume", i));

        List<String> caveats = new ArrayList<>();
        long outside = checker.objects().values().stream().filter(ImageObject::sharedOutside).count();
        if (outside > 0) {
            caveats.add(outside + " object" + (outside == 1 ? " is" : "s are") + " shared with processes outside the tree"
                    + " (SHARED_OUTSIDE): the restored tree gets its own, unshared");
        }
        String release = checker.header().map(h -> h.kernelRelease()).orElse("");
        if (release.contains("read from /proc")) {
            caveats.add("a snapshot of a live tree: what /proc does not show (pipe contents, socket queues and peers,"
                    + " file and page contents, the subreaper flag) is not in it, and its log names it");
        }
        if (checkpointRefusal != null) {
            lines.add("linux-cr's restart: not restorable: linux-cr's checkpoint() refuses this container (" + checkpointRefusal
                    + "), so it never writes this image; the plan above is for the tree as it was read");
        } else {
            lines.add("linux-cr's restart: restorable" + (sk.underInit() ? " (in a new PID namespace, below a new init)" : "")
                    + (caveats.isEmpty() ? "" : "; but " + String.join("; ", caveats)));
        }
        String mainline = mainline(plan, name);
        lines.add("mainline Linux: " + (mainline == null ? "the process tree can be rebuilt (clone3 with set_tid, setsid,"
                + " setpgid(2), prctl); mainline has no restart(2), so the tree's objects (fds, memory, pipes) need a"
                + " restorer in user space" : "cannot rebuild the process tree: " + mainline));
        return new Report(lines, checkpointRefusal == null, mainline == null);
    }

    private static Report neither(List<String> lines, String why) {
        lines.add("no restart plan: " + why);
        lines.add("linux-cr's restart: not restorable: " + why);
        lines.add("mainline Linux: not restorable: " + why);
        return new Report(lines, false, false);
    }

    private static String name(Plan plan, Map<Integer, String> labels, int pid, boolean underInit) {
        if (pid == 0) {
            return "none";
        }
        PlanNode n = plan.nodes().get(pid);
        if (n != null && n.temporary()) {
            return n.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + pid;
        }
        if (underInit && pid == Skeleton.INIT) {
            return "new-init(" + pid + ")";
        }
        String l = labels.get(pid);
        return l == null ? Integer.toString(pid) : l + "(" + pid + ")";
    }

    /**
     * Where the plan needs what mainline lacks, or null. Mainline's setpgid(2) names the group by
     * its pid in the caller's PID namespace, where linux-cr's restore_pgid sets it in the kernel: a
     * task joins a group only if it, or its parent (which may move a child of its session), sees
     * the group's leader's pid in its own namespace.
     */
    private static String mainline(Plan plan, IntFunction<String> name) {
        for (PlanStep st : plan.steps()) {
            if (st.op() != PlanStep.Op.SETPGID) {
                continue;
            }
            PlanNode x = plan.nodes().get(st.node());
            PlanNode g = plan.nodes().get(st.pgid());
            if (x == null || g == null || sees(plan, x, g)) {
                continue;
            }
            PlanNode p = plan.nodes().get(x.parent());
            if (p != null && sees(plan, p, g)) {
                continue;
            }
            return "task " + name.apply(x.pid()) + " joins group " + name.apply(g.pid()) + ", which has no pid in the"
                    + " PID namespace of the task or of its parent (setpgid(2) names a group there; linux-cr's"
                    + " in-kernel restore_pgid could)";
        }
        return null;
    }

    /** Whether {@code viewer} sees {@code target}: target lives in viewer's namespace or one below it. */
    private static boolean sees(Plan plan, PlanNode viewer, PlanNode target) {
        int depth = viewer.pids().size();
        if (target.pids().size() < depth) {
            return false;
        }
        PlanNode t = target;
        while (t != null && t.pids().size() > depth) {
            t = plan.nodes().get(t.parent());
        }
        return t != null && init(plan, t) == init(plan, viewer);
    }

    /** The init of a task's own PID namespace: its nearest ancestor (or itself) that is pid 1 there. */
    private static int init(Plan plan, PlanNode n) {
        int depth = n.pids().size();
        PlanNode t = n;
        while (t != null && t.pids().get(depth - 1) != 1) {
            PlanNode up = plan.nodes().get(t.parent());
            if (up == null || up.pids().size() != depth) {
                return t.pid();
            }
            t = up;
        }
        return t == null ? 0 : t.pid();
    }
}
