package org.croracle.oracle.freeze;

import org.croracle.oracle.suite.SpecSuite;

import java.util.Optional;
import java.util.function.Supplier;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.trace.RefinementBinding;
import org.croracle.oracle.trace.Workload;

/** The freezer cgroup: specs/freeze. */
public final class FreezeSuite implements SpecSuite {

    private final KernelConfig config;

    public FreezeSuite() {
        this(KernelConfig.defaults());
    }

    /** With another kernel configuration (tests plug a broken freezer in here). */
    public FreezeSuite(KernelConfig config) {
        this.config = config;
    }

    @Override public String name() { return "freeze"; }
    @Override public String modelModule() { return "MCFreeze"; }
    @Override public String ciConfig() { return "MCFreeze.cfg"; }
    @Override public String longConfig() { return "MCFreezeLarge.cfg"; }
    @Override public String oracleModule() { return "OracleFreeze"; }
    @Override public String oracleConfig() { return "OracleFreeze.cfg"; }
    @Override public Optional<String> traceModule() { return Optional.of("TraceFreeze"); }
    @Override public RefinementBinding binding() { return new FreezeBinding(); }
    @Override public Workload workload() { return new FreezeWorkload(); }
    @Override public Supplier<Kernel> kernels() { return () -> new Kernel(config); }
}
