package org.croracle.oracle.restart;

import org.croracle.oracle.suite.SpecSuite;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.trace.RefinementBinding;
import org.croracle.oracle.trace.Workload;

/** restart(): tree planning, coordinated restore, all or nothing: specs/restart. */
public final class RestartSuite implements SpecSuite {

    private final KernelConfig config;

    public RestartSuite() {
        this(KernelConfig.defaults());
    }

    /** With another kernel configuration (tests plant mutants and inject faults here). */
    public RestartSuite(KernelConfig config) {
        this.config = config;
    }

    @Override public String name() { return "restart"; }
    @Override public String modelModule() { return "MCRestart"; }
    @Override public String ciConfig() { return "MCRestart.cfg"; }
    @Override public List<String> ciConfigs() { return List.of("MCRestart.cfg", "MCRestartLiveness.cfg"); }
    @Override public String quickConfig() { return "MCRestartQuick.cfg"; }
    @Override public String longConfig() { return "MCRestartLarge.cfg"; }

    /**
     * No: Restart's variants break their property only on particular trees with particular
     * faults; 1,000 random behaviours of 60 states missed three of the five safety variants,
     * each of which the exhaustive search rejects in under 12,000 states.
     */
    @Override public boolean randomBehavioursFindItsBugs() { return false; }
    @Override public String oracleModule() { return "OracleRestart"; }
    @Override public String oracleConfig() { return "OracleRestart.cfg"; }
    @Override public Optional<String> traceModule() { return Optional.of("TraceRestart"); }
    @Override public RefinementBinding binding() { return new RestartBinding(); }
    @Override public Workload workload() { return new RestartWorkload(); }
    @Override public Supplier<Kernel> kernels() { return () -> new Kernel(config); }
}
