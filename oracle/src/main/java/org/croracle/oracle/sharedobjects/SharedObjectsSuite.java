package org.croracle.oracle.sharedobjects;

import org.croracle.oracle.suite.SpecSuite;

import java.util.Optional;
import java.util.function.Supplier;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.trace.RefinementBinding;
import org.croracle.oracle.trace.Workload;

/** checkpoint() and the objects it writes: specs/sharedobjects. */
public final class SharedObjectsSuite implements SpecSuite {

    private final KernelConfig config;

    public SharedObjectsSuite() {
        this(KernelConfig.defaults());
    }

    /** With another kernel configuration (tests plug a broken freezer in here). */
    public SharedObjectsSuite(KernelConfig config) {
        this.config = config;
    }

    @Override public String name() { return "sharedobjects"; }
    @Override public String modelModule() { return "MCSharedObjects"; }
    @Override public String ciConfig() { return "MCSharedObjects.cfg"; }
    @Override public java.util.List<String> ciConfigs() {
        return java.util.List.of("MCSharedObjects.cfg", "MCSharedObjectsLiveness.cfg");
    }
    @Override public String quickConfig() { return "MCSharedObjectsQuick.cfg"; }
    @Override public String longConfig() { return "MCSharedObjectsLarge.cfg"; }
    @Override public String oracleModule() { return "OracleSharedObjects"; }
    @Override public String oracleConfig() { return "OracleSharedObjects.cfg"; }
    @Override public Optional<String> traceModule() { return Optional.of("TraceSharedObjects"); }
    @Override public RefinementBinding binding() { return new SharedObjectsBinding(); }
    @Override public Workload workload() { return new SharedObjectsWorkload(); }
    @Override public Supplier<Kernel> kernels() { return () -> new Kernel(config); }
}
