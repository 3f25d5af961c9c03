package org.croracle.oracle.eclone;

import org.croracle.oracle.suite.SpecSuite;

import java.util.Optional;
import java.util.function.Supplier;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.trace.RefinementBinding;
import org.croracle.oracle.trace.Workload;

/** PID namespaces and eclone: specs/eclone. */
public final class EcloneSuite implements SpecSuite {

    private final KernelConfig config;

    public EcloneSuite() {
        this(KernelConfig.defaults());
    }

    /** With another kernel configuration (tests plug a broken allocator in here). */
    public EcloneSuite(KernelConfig config) {
        this.config = config;
    }

    @Override public String name() { return "eclone"; }
    @Override public String modelModule() { return "MCEclone"; }
    @Override public String ciConfig() { return "MCEclone.cfg"; }
    @Override public java.util.List<String> ciConfigs() { return java.util.List.of("MCEclone.cfg", "MCEcloneSessions.cfg"); }
    @Override public String quickConfig() { return "MCEcloneQuick.cfg"; }
    @Override public String longConfig() { return "MCEcloneLarge.cfg"; }
    @Override public String oracleModule() { return "OracleEclone"; }
    @Override public String oracleConfig() { return "OracleEclone.cfg"; }
    @Override public Optional<String> traceModule() { return Optional.of("TraceEclone"); }
    @Override public RefinementBinding binding() { return new EcloneBinding(); }
    @Override public Workload workload() { return new EcloneWorkload(); }
    @Override public Supplier<Kernel> kernels() { return () -> new Kernel(config); }
}
