package org.croracle.oracle.restart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Step;
import org.croracle.model.restart.RestartState;
import org.croracle.model.tla.TlaValue;
import org.croracle.oracle.trace.RefinementBinding;
import org.croracle.oracle.trace.SpecAction;

/**
 * Restart.tla bound to the kernel: one instance per restart() of a whole tree (named by the
 * restart's freezer cgroup), checked step by step from the creation of its init to its return
 * (the table of steps to actions is {@link RestartSteps}, the mapping {@link RestartAbstraction}).
 * The spec's {@code saved} is the image's tree and its {@code plan} the Java planner's plan, put
 * into the state as the spec does, so that the spec checks the Java plan's execution rather than
 * its own planner's choices (both follow the same rules, and break ties differently).
 *
 * <p>A restart's progress (which plan step, which task restores) is not kernel state: it lives
 * in restart()'s stack. So this binding follows the kernel's steps: {@link #watching} gives a
 * copy that listens to one kernel. Restarts outside Restart.tla (nested pid namespaces, threads,
 * RESTART_TASKSELF) are not checked, only counted ({@link #tally}).
 */
public final class RestartBinding implements RefinementBinding {

    private final Kernel kernel;
    private final RestartHistory history;

    /** A binding that watches no kernel yet: {@link #watching} makes the one that checks. */
    public RestartBinding() {
        this(null, null);
    }

    private RestartBinding(Kernel kernel, RestartHistory history) {
        this.kernel = kernel;
        this.history = history;
    }

    /** A binding that follows the steps {@code history} is given (tests replay recorded, altered steps). */
    static RestartBinding following(RestartHistory history) {
        return new RestartBinding(null, history);
    }

    @Override
    public RefinementBinding watching(Kernel k) {
        if (k == kernel) {
            return this;
        }
        RestartHistory h = new RestartHistory();
        k.addStepListener(h);
        return new RestartBinding(k, h);
    }

    @Override
    public String spec() {
        return "restart";
    }

    @Override
    public Set<String> instances(KernelState state) {
        return history == null ? Set.of() : history.instances(state);
    }

    @Override
    public Map<String, TlaValue> abstractState(KernelState state, Step lastStep, String instance) {
        RestartState s = watched().abstractState(state, lastStep, instance);
        return s.toTla(history.run(instance).given().planValue());
    }

    @Override
    public Optional<SpecAction> action(KernelState before, Step step, KernelState after, String instance) {
        return watched().action(step, instance);
    }

    @Override
    public List<String> actionNames() {
        return List.of("Create", "Setsid", "Setpgid", "PlaceholderExit", "SetSubreaperFlag", "BeginRestore",
                "RestoreTask", "ZombieExit", "GhostExit", "Freeze", "FreezeFails", "Resume", "Cleanup", "Ended");
    }

    @Override
    public List<TlaValue> candidateArguments(KernelState before, KernelState after, String instance) {
        RestartRun run = history == null ? null : history.run(instance);
        List<TlaValue> out = new ArrayList<>();
        if (run != null) {
            new TreeSet<>(run.given().plan().kind().keySet()).forEach(p -> out.add(TlaValue.of(p)));
        }
        return out;
    }

    /** Restarts checked so far (those whose init was created). */
    public int restartsChecked() {
        return history == null ? 0 : history.tally().checked();
    }

    /** Kernel steps checked as steps of a restart. */
    public long restartStepsChecked() {
        return history == null ? 0 : history.tally().steps();
    }

    /** Restarts not checked, by reason. */
    public Map<String, Integer> restartsSkipped() {
        return history == null ? Map.of() : history.tally().skipped();
    }

    private RestartHistory watched() {
        if (history == null) {
            throw new IllegalStateException("the restart binding must watch the kernel: RefinementChecker.attach does");
        }
        return history;
    }
}
