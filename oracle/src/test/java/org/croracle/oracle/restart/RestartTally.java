package org.croracle.oracle.restart;

import java.util.Map;
import java.util.TreeMap;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.RestartContext;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.StepListener;

/**
 * Counts, from a kernel's steps, the restarts the restart binding checks (those whose init was
 * created), the steps it checks as theirs, and the restarts it does not check, by reason.
 */
final class RestartTally implements StepListener {

    private int checked;
    private long steps;
    private final Map<String, Integer> skipped = new TreeMap<>();

    @Override
    public void onStep(KernelState before, Step step, KernelState after) {
        RestartContext b = before.restart();
        RestartContext a = after.restart();
        if (step.op().equals(Ops.RESTART)) {
            if (!step.result().isOk()) {
                skipped.merge("refused at the entry (" + step.result().errno() + ")", 1, Integer::sum);
            } else {
                PlanAbstraction.outOfScope(a).ifPresent(why -> skipped.merge(why, 1, Integer::sum));
            }
        }
        if (RestartAbstraction.live(b) || RestartAbstraction.live(a)) {
            steps++;
        }
        if (a == null || PlanAbstraction.outOfScope(a).isPresent()) {
            return;
        }
        boolean same = b != null && b.plan() == a.plan();
        if (RestartAbstraction.started(a) && !(same && RestartAbstraction.started(b))) {
            checked++;
        } else if (same && !RestartAbstraction.started(a) && a.ended() && !b.ended()) {
            skipped.merge("failed before its init existed", 1, Integer::sum);
        }
    }

    int checked() {
        return checked;
    }

    long steps() {
        return steps;
    }

    Map<String, Integer> skipped() {
        return skipped;
    }
}
