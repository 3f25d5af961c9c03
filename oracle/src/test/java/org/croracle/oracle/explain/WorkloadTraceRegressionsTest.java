package org.croracle.oracle.explain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.mutants.Mutant;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The workload traces kept in regressions/ (failures ./cr conform --save wrote, shrunk) replay
 * through ./cr explain's reader and conform on the kernel as it is.
 */
class WorkloadTraceRegressionsTest {

    static final Path DIR = Path.of("../regressions").toAbsolutePath().normalize();
    static final Path SPECS = Path.of(System.getProperty("cr.specs", "../specs"));

    @TestFactory
    Stream<DynamicTest> everyWorkloadTraceConforms() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".crtrace")).sorted().toList().stream()
                    .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                        Explanation e = TraceFiles.explainWorkloadTrace(TraceFiles.read(f), KernelConfig.defaults(), "", SPECS);
                        assertFalse(e.failed(), () -> ExplanationText.render(e));
                    }));
        }
    }

    /** The trace still shows the bug it was found with: it is a regression test, not a trace that passes anyway. */
    @Test
    void theCgroupTraceFailsWithTheBugItWasFoundWith() {
        Path f = DIR.resolve("restart-failure-leaves-cgroup.crtrace");
        Explanation e = TraceFiles.explainWorkloadTrace(TraceFiles.read(f),
                Mutant.FAILED_RESTART_KEEPS_CGROUP.plant(KernelConfig.defaults()), "", SPECS);
        assertTrue(e.failed() && e.summary().get(0).contains("left freezer cgroup"), e.summary()::toString);
    }
}
