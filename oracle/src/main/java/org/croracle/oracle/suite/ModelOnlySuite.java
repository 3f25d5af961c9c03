package org.croracle.oracle.suite;

import java.util.List;
import java.util.function.Supplier;

import org.croracle.impl.syscall.Kernel;
import org.croracle.oracle.trace.RefinementBinding;
import org.croracle.oracle.trace.Workload;

/**
 * A spec that TLC checks (its models and bug variants) but that is not bound to the kernel yet:
 * no step oracle, no conformance sweep. CheckpointRestart.tla is such a spec today; the
 * implementation's round trip is checked step by step against Freeze.tla, SharedObjects.tla,
 * Eclone.tla and Restart.tla, and end to end by the round-trip property.
 */
public record ModelOnlySuite(String name, String modelModule, List<String> ciConfigs, String longConfig)
        implements SpecSuite {

    public ModelOnlySuite {
        ciConfigs = List.copyOf(ciConfigs);
    }

    @Override public String ciConfig() { return ciConfigs.get(0); }
    @Override public boolean refinementChecked() { return false; }
    @Override public String oracleModule() { throw unbound(); }
    @Override public String oracleConfig() { throw unbound(); }
    @Override public RefinementBinding binding() { throw unbound(); }
    @Override public Workload workload() { throw unbound(); }
    @Override public Supplier<Kernel> kernels() { throw unbound(); }

    private UnsupportedOperationException unbound() {
        return new UnsupportedOperationException(name + " is model-checked only: it has no binding to the kernel yet");
    }
}
