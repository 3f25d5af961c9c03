package org.croracle.impl.kernel;

/** Receives every kernel step with the state before and after it (the oracle's recorder). */
@FunctionalInterface
public interface StepListener {
    void onStep(KernelState before, Step step, KernelState after);
}
