package org.croracle.oracle.restart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.RestartContext;
import org.croracle.impl.kernel.Step;
import org.croracle.model.tla.TlaValue;
import org.croracle.oracle.trace.RefinementBinding;
import org.croracle.oracle.trace.SpecAction;

/**
 * Restart.tla bound to the kernel: one instance per restart() of a whole tree (named by the
 * restart's freezer cgroup), checked step by step from the creation of its init to its last step:
 * restart_resume, or the reaping of its init after a failure (the table of steps to actions is
 * {@link RestartSteps}, the mapping {@link RestartAbstraction}). The spec's {@code saved} is the
 * image's tree and its {@code plan} the Java planner's plan, put into the state as the spec does,
 * so that the spec checks the Java plan's execution rather than its own planner's choices (both
 * follow the same rules, and break ties differently).
 *
 * <p>A restart's progress is kernel state (its context, {@link KernelState#restart()}), so the
 * mapping is a function of the state. Restarts outside Restart.tla (nested pid namespaces,
 * threads, RESTART_TASKSELF) are not checked.
 */
public final class RestartBinding implements RefinementBinding {

    /** The last restart's given, in the spec's terms (its plan converted to TLA+ once, not at every step). */
    private volatile Converted last;

    private record Converted(RestartContext ctx, RestartAbstraction.Given given) {
    }

    @Override
    public String spec() {
        return "restart";
    }

    @Override
    public Set<String> instances(KernelState state) {
        RestartContext ctx = state.restart();
        return RestartAbstraction.live(ctx) ? Set.of(ctx.cgroup()) : Set.of();
    }

    @Override
    public Map<String, TlaValue> abstractState(KernelState state, Step lastStep, String instance) {
        RestartContext ctx = context(state, instance);
        RestartAbstraction.Given g = given(ctx);
        return RestartAbstraction.of(g, ctx, state).toTla(g.planValue());
    }

    @Override
    public Optional<SpecAction> action(KernelState before, Step step, KernelState after, String instance) {
        RestartContext ctx = context(before, instance);
        return RestartSteps.action(given(ctx), ctx, before, step, after);
    }

    @Override
    public List<String> actionNames() {
        return List.of("Create", "Setsid", "Setpgid", "PlaceholderExit", "SetSubreaperFlag", "BeginRestore",
                "RestoreTask", "ZombieExit", "GhostExit", "Freeze", "FreezeFails", "Resume", "Cleanup", "Ended");
    }

    @Override
    public List<TlaValue> candidateArguments(KernelState before, KernelState after, String instance) {
        RestartContext ctx = after.restart() != null ? after.restart() : before.restart();
        List<TlaValue> out = new ArrayList<>();
        if (ctx != null && ctx.plan() != null) {
            new TreeSet<>(given(ctx).plan().kind().keySet()).forEach(p -> out.add(TlaValue.of(p)));
        }
        return out;
    }

    private static RestartContext context(KernelState state, String instance) {
        RestartContext ctx = state.restart();
        if (ctx == null || !ctx.cgroup().equals(instance)) {
            throw new IllegalStateException("no restart " + instance + " in this state");
        }
        return ctx;
    }

    /** The same restart's contexts share their saved tree and plan: one conversion serves all its steps. */
    private RestartAbstraction.Given given(RestartContext ctx) {
        Converted c = last;
        if (c == null || c.ctx().plan() != ctx.plan() || c.ctx().saved() != ctx.saved()) {
            c = new Converted(ctx, RestartAbstraction.Given.of(ctx));
            last = c;
        }
        return c.given();
    }
}
