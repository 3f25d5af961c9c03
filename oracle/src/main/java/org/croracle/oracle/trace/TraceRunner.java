package org.croracle.oracle.trace;

import java.util.List;
import java.util.function.Supplier;

import org.croracle.impl.syscall.Kernel;
import org.croracle.oracle.tlc.SpecOracle;

/** Runs a workload's codes on a fresh kernel with every step checked against the spec. */
public final class TraceRunner {

    private final SpecOracle oracle;
    private final RefinementBinding binding;
    private final Workload workload;
    private final Supplier<Kernel> kernels;

    public TraceRunner(SpecOracle oracle, RefinementBinding binding, Workload workload, Supplier<Kernel> kernels) {
        this.oracle = oracle;
        this.binding = binding;
        this.workload = workload;
        this.kernels = kernels;
    }

    public Workload workload() {
        return workload;
    }

    public TraceResult run(List<Integer> codes) {
        Kernel kernel = kernels.get();
        RefinementChecker checker = RefinementChecker.attach(oracle, binding, kernel);
        for (int code : codes) {
            if (checker.divergence().isPresent()) {
                break;
            }
            try {
                workload.apply(kernel, code);
            } catch (AssertionError | RuntimeException e) {
                // A workload's own check (an image audit) that fails after a step of the same
                // operation diverged reports a consequence: the divergence is the first failure.
                if (checker.divergence().isEmpty()) {
                    throw e;
                }
            }
        }
        return new TraceResult(codes, checker.steps(), checker.divergence(), checker.checkedSteps());
    }
}
