package org.croracle.oracle.trace;

import java.util.ArrayList;
import java.util.List;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.StepListener;

/**
 * Records a kernel's steps with the state after each (kernel states are immutable, so keeping
 * them is cheap), to be logged for a spec afterwards ({@link #log}).
 */
public final class TraceRecorder implements StepListener {

    private final List<KernelState> states = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();

    private TraceRecorder(KernelState initial) {
        states.add(initial);
    }

    /** A recorder that starts from the kernel's current state and receives its every step. */
    public static TraceRecorder attach(Kernel kernel) {
        TraceRecorder recorder = new TraceRecorder(kernel.state());
        kernel.addStepListener(recorder);
        return recorder;
    }

    @Override
    public void onStep(KernelState before, Step step, KernelState after) {
        steps.add(step);
        states.add(after);
    }

    /** The steps so far, as {@code binding}'s spec sees them. */
    public TraceLog log(RefinementBinding binding) {
        return TraceLog.of(binding, states, steps);
    }

    /**
     * Runs a workload's codes on {@code kernel} (a fresh one, so that the trace starts in Init) and
     * logs the trace for the spec of {@code binding}.
     */
    public static TraceLog record(Kernel kernel, Workload workload, List<Integer> codes, RefinementBinding binding) {
        TraceRecorder recorder = attach(kernel);
        for (int code : codes) {
            workload.apply(kernel, code);
        }
        return recorder.log(binding);
    }
}
