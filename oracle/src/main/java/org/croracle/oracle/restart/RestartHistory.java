package org.croracle.oracle.restart;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.StepListener;
import org.croracle.impl.restart.Prepared;
import org.croracle.impl.kernel.RestartFlags;
import org.croracle.model.restart.RestartState;
import org.croracle.oracle.trace.SpecAction;

/**
 * Follows the restarts of one kernel through its steps: it listens to the kernel ahead of the
 * refinement checker, so when the checker asks about a step this has seen it, and answers for
 * the states before and after that step. A restart's instance (its freezer cgroup) is checked from
 * the creation of its init, whose state before is the spec's initial state, to its last step:
 * restart_resume, or the reaping of its init after a failure.
 */
final class RestartHistory implements StepListener {

    /** What the restarts seen so far were, and how many steps of theirs were checked. */
    record Tally(int checked, long steps, Map<String, Integer> skipped) {
        Tally {
            skipped = Map.copyOf(skipped);
        }
    }

    private KernelState before;
    private KernelState after;
    private Step latest;
    private Map<String, RestartRun> runsBefore = Map.of();
    private Map<String, RestartRun> runsAfter = Map.of();
    private Map<String, SpecAction> actions = Map.of();
    private int checked;
    private long steps;
    private final Map<String, Integer> skipped = new TreeMap<>();

    @Override
    public void onStep(KernelState stateBefore, Step step, KernelState stateAfter) {
        before = stateBefore;
        after = stateAfter;
        latest = step;
        Map<String, RestartRun> next = new TreeMap<>();
        Map<String, SpecAction> named = new TreeMap<>();
        runsAfter.forEach((cgroup, run) -> {
            if (run.ended()) {
                return; // its last step was the one before: no longer an instance
            }
            RestartSteps.Next n = RestartSteps.next(run, stateBefore, step, stateAfter);
            next.put(cgroup, n.run());
            n.action().ifPresent(a -> named.put(cgroup, a));
            if (live(run) || live(n.run())) {
                steps++;
            }
            if (!run.started() && n.run().started()) {
                checked++;
            } else if (!run.started() && n.run().ended()) {
                skipped.merge("failed before its init existed", 1, Integer::sum);
            }
        });
        runsBefore = runsAfter;
        if (step.op().equals(Ops.RESTART)) {
            begin(step, next);
        }
        runsAfter = next;
        actions = named;
    }

    /** restart()'s entry: a new run if it planned a tree that Restart.tla describes. */
    private void begin(Step step, Map<String, RestartRun> next) {
        if (!step.result().isOk()) {
            skipped.merge("refused at the entry (" + step.result().errno() + ")", 1, Integer::sum);
            return;
        }
        Prepared prepared = (Prepared) step.result().value();
        Optional<String> out = PlanAbstraction.outOfScope(prepared);
        if (out.isPresent()) {
            skipped.merge(out.get(), 1, Integer::sum);
            return;
        }
        RestartState.Plan plan = PlanAbstraction.plan(prepared);
        int flags = step.intArg("flags");
        RestartRun.Given given = new RestartRun.Given(step.stringArg("cgroup"), step.actor(),
                (flags & RestartFlags.FROZEN) != 0, PlanAbstraction.saved(prepared.image()),
                plan, plan.toTla());
        next.put(given.cgroup(), RestartRun.start(given));
    }

    /** A run whose steps are checked: its init exists and it has not ended. */
    private static boolean live(RestartRun run) {
        return run.started() && !run.ended();
    }

    /**
     * The restarts being checked in {@code state}: the state before or after the latest step
     * (when the step changed nothing, before and after are one object: then the state before, so
     * that a restart's last step, restart_resume, is still its own).
     */
    Set<String> instances(KernelState state) {
        Set<String> out = new TreeSet<>();
        runsAt(state).forEach((cgroup, run) -> {
            if (live(run)) {
                out.add(cgroup);
            }
        });
        return out;
    }

    /** The abstract state of a restart in {@code state}, the state before or after the latest step. */
    RestartState abstractState(KernelState state, Step lastStep, String instance) {
        if (lastStep != null && lastStep != latest) {
            throw new IllegalStateException("the restart binding follows the steps as they happen; asked about "
                    + lastStep + " after " + latest);
        }
        RestartRun run = (lastStep != null ? runsAfter : runsAt(state)).get(instance);
        if (run == null) {
            throw new IllegalStateException("no restart " + instance + " at this step");
        }
        return RestartAbstraction.of(run, state);
    }

    /** The action the latest step is for this restart. */
    Optional<SpecAction> action(Step step, String instance) {
        if (step != latest) {
            throw new IllegalStateException("the restart binding follows the steps as they happen; asked about "
                    + step + " after " + latest);
        }
        return Optional.ofNullable(actions.get(instance));
    }

    RestartRun run(String instance) {
        RestartRun run = runsAfter.get(instance);
        return run != null ? run : runsBefore.get(instance);
    }

    Tally tally() {
        return new Tally(checked, steps, skipped);
    }

    private Map<String, RestartRun> runsAt(KernelState state) {
        if (state == before) {
            return runsBefore;
        }
        return runsAfter;
    }
}
