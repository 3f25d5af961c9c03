package org.croracle.oracle.concurrentcheckpoint;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.trace.RefinementBinding;
import org.croracle.oracle.trace.Workload;

/**
 * ConcurrentCheckpoint.tla: one container checkpoint() whose steps interleave with the world
 * outside the container. The quick tier checks one outside task and a frozen tree of two; the
 * full tier adds a second outside task, the gate's and the scan's refusals and forks across the
 * boundary. The kernel's checkpoints started with {@link Kernel#checkpointStart} are
 * refinement-checked against it, on the races of {@link ConcurrentCheckpointWorkload}.
 */
public final class ConcurrentCheckpointSuite implements SpecSuite {

    private final KernelConfig config;

    public ConcurrentCheckpointSuite() {
        this(KernelConfig.defaults());
    }

    /** With another kernel configuration (tests plant mutants here). */
    public ConcurrentCheckpointSuite(KernelConfig config) {
        this.config = config;
    }

    @Override public String name() { return "concurrentcheckpoint"; }
    @Override public String modelModule() { return "MCConcurrentCheckpoint"; }
    @Override public String ciConfig() { return "MCConcurrentCheckpoint.cfg"; }
    /**
     * The quick model only: the large one (192 worlds) has grown past what a CI row can finish
     * since the world became functions over what exists (880,000 distinct states at depth 10
     * after 15 minutes of one core, its queue still growing), so it is the long model, run by hand.
     */
    @Override public List<String> ciConfigs() {
        return List.of("MCConcurrentCheckpoint.cfg");
    }
    @Override public String longConfig() { return "MCConcurrentCheckpointLarge.cfg"; }
    /**
     * Random behaviours miss most of its variants: a race needs an outside task to act in one
     * narrow window of the call (between collect and the leak check, or during the dump), so the
     * quick tier searches them at once, as for Restart's.
     */
    @Override public boolean randomBehavioursFindItsBugs() { return false; }
    @Override public String oracleModule() { return "OracleConcurrentCheckpoint"; }
    @Override public String oracleConfig() { return "OracleConcurrentCheckpoint.cfg"; }
    @Override public Optional<String> traceModule() { return Optional.of("TraceConcurrentCheckpoint"); }
    @Override public RefinementBinding binding() { return new ConcurrentCheckpointBinding(); }
    @Override public Workload workload() { return new ConcurrentCheckpointWorkload(); }
    @Override public Supplier<Kernel> kernels() { return () -> new Kernel(config); }
}
