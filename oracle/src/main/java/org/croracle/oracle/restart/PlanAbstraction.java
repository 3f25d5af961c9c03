package org.croracle.oracle.restart;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.impl.kernel.Plan;
import org.croracle.impl.kernel.PlanNode;
import org.croracle.impl.kernel.PlanStep;
import org.croracle.impl.kernel.RestartContext;
import org.croracle.model.restart.RestartState;

/**
 * What a restart is given and what it plans to do, as Restart.tla's {@code saved} and {@code plan}:
 * the image's tree with container-relative pids (the init is 1; a sid or pgid anchored outside the
 * container is 0) and the Java planner's steps in the spec's vocabulary.
 *
 * <p>The Java plan has one step the spec does not: WAIT, the placeholder's creator reaping it
 * after its EXIT. The spec's placeholder is reaped as it exits (PlaceholderExit), so the binding
 * shows an exited placeholder as gone and the WAIT as no step at all.
 */
final class PlanAbstraction {
    private PlanAbstraction() {}

    /** Why a restart is outside what Restart.tla describes, or empty if it is inside. */
    static Optional<String> outOfScope(RestartContext ctx) {
        if (ctx.plan() == null) {
            return Optional.of("RESTART_TASKSELF");
        }
        for (RestartContext.Saved t : ctx.saved()) {
            if (t.levels() > 1) {
                return Optional.of("nested pid namespaces");
            }
        }
        for (RestartContext.Saved t : ctx.saved()) {
            if (t.tgid() != t.pid()) {
                return Optional.of("threads");
            }
        }
        return Optional.empty();
    }

    /** The saved tree; a task killed by signal s has code 128 + s (here and in the kernel's abstraction). */
    static TreeMap<Integer, RestartState.SavedTask> saved(RestartContext ctx) {
        TreeMap<Integer, RestartState.SavedTask> saved = new TreeMap<>();
        for (int i = 0; i < ctx.saved().size(); i++) {
            RestartContext.Saved t = ctx.saved().get(i);
            int code = !t.zombie() ? 0 : t.exitSignal() != 0 ? 128 + t.exitSignal() : t.exitCode();
            saved.put(t.pid(), new RestartState.SavedTask(i == 0 ? 0 : t.ppid(), t.sid(), t.pgid(), t.zombie(),
                    code, t.subreaper()));
        }
        return saved;
    }

    /** The Java plan in the spec's vocabulary (its WAIT steps left out). */
    static RestartState.Plan plan(RestartContext ctx) {
        List<RestartState.PlanStep> steps = new ArrayList<>();
        TreeMap<Integer, Integer> at = new TreeMap<>();
        for (PlanStep ps : ctx.plan().steps()) {
            RestartState.PlanStep st = switch (ps.op()) {
                case CREATE -> new RestartState.PlanStep("create", ps.actor(), ps.node(), 0, ps.cloneParent());
                case SETSID -> new RestartState.PlanStep("setsid", ps.node(), ps.node(), 0, false);
                case SETPGID -> new RestartState.PlanStep("setpgid", ps.node(), ps.node(), ps.pgid(), false);
                case SUBREAPER -> new RestartState.PlanStep("subreaper", ps.node(), ps.node(), ps.subreaper() ? 1 : 0, false);
                case EXIT -> new RestartState.PlanStep("exit", ps.node(), ps.node(), 0, false);
                case WAIT -> null;
            };
            if (st != null) {
                steps.add(st);
                if (st.op().equals("create")) {
                    at.putIfAbsent(st.pid(), steps.size());
                }
            }
        }
        TreeMap<Integer, String> kind = new TreeMap<>();
        TreeSet<Integer> live = new TreeSet<>();
        ctx.plan().nodes().forEach((pid, n) -> {
            kind.put(pid, switch (n.kind()) {
                case TASK -> "task";
                case GHOST_SESSION, GHOST_GROUP -> "ghost";
                case PLACEHOLDER -> "placeholder";
                case KEEPER -> "keeper";
            });
            if (n.kind() != PlanNode.Kind.PLACEHOLDER) {
                live.add(pid); // a placeholder exits during the creation, right after its orphan's
            }
        });
        List<Integer> image = ctx.saved().stream().map(RestartContext.Saved::pid).toList();
        return new RestartState.Plan(steps, image, kind, rules(ctx.plan(), kind), live, at);
    }

    /**
     * How each task or ghost but the root is created, named after the spec's rules. The Java plan
     * does not name its rules; these are read off its steps: a CLONE_PARENT creation is R3, one
     * by a placeholder R4, one by a session leader before its setsid R2, a session leader created
     * by its parent R0, anything else R1. (Restart.tla only records plan.rule.)
     */
    private static TreeMap<Integer, String> rules(Plan plan, Map<Integer, String> kind) {
        Map<Integer, PlanNode> nodes = plan.nodes();
        Map<Integer, Integer> setsidAt = new HashMap<>();
        List<PlanStep> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).op() == PlanStep.Op.SETSID) {
                setsidAt.put(steps.get(i).node(), i);
            }
        }
        TreeMap<Integer, String> rule = new TreeMap<>();
        for (int i = 0; i < steps.size(); i++) {
            PlanStep ps = steps.get(i);
            String k = kind.get(ps.node());
            if (ps.op() != PlanStep.Op.CREATE || ps.actor() == 0 || !(k.equals("task") || k.equals("ghost"))) {
                continue;
            }
            int c = ps.actor();
            String r;
            if (ps.cloneParent()) {
                r = "R3";
            } else if ("placeholder".equals(kind.get(c))) {
                r = "R4";
            } else if (nodes.get(c).sessionLeader() && setsidAt.getOrDefault(c, -1) > i) {
                r = "R2";
            } else if (nodes.get(ps.node()).sessionLeader()) {
                r = "R0";
            } else {
                r = "R1";
            }
            rule.put(ps.node(), r);
        }
        return rule;
    }
}
