package org.croracle.oracle.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.scenario.ScenarioParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every example scenario, and every saved Linux regression, agrees with Linux up to where Linux can follow it. */
class LinuxExamplesTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @BeforeEach
    void needLinux() {
        LinuxHere.assume();
    }

    static List<Path> scenarios(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".crs")).sorted().toList();
        }
    }

    /**
     * The attach lines run on Linux (the helper's task writes the pid to cgroup.procs in the
     * helper's freezer hierarchy) while both cgroups are THAWED, and the comparison stops, saying
     * why, at the first move out of a frozen cgroup, which mainline's freezer allows.
     */
    @Test
    void attachLinesRunOnLinuxUntilAFrozenCgroup() throws Exception {
        Path f = ROOT.resolve("examples/attach.crs");
        try (CrLinux linux = CrLinux.start(Duration.ofSeconds(5))) {
            LinuxComparison.Outcome o = LinuxComparison.compare(
                    ScenarioParser.parse(f.toString(), Files.readString(f)), KernelConfig.defaults(), linux);
            System.out.println("[linux] " + o.summary());
            assertTrue(o.agrees(), o.summary());
            assertEquals(6, o.operations(), o.summary()); // two forks, three attaches, the freeze
            assertTrue(o.stop().contains("host attach b other") && o.stop().contains("freezer_can_attach"), o.summary());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExampleAgreesWithLinux() throws IOException {
        return Stream.concat(scenarios(ROOT.resolve("examples")).stream(), scenarios(ROOT.resolve("regressions/linux")).stream())
                .map(f -> DynamicTest.dynamicTest(ROOT.relativize(f).toString(), () -> {
                    LinuxHere.assume();
                    try (CrLinux linux = CrLinux.start(Duration.ofSeconds(5))) {
                        LinuxComparison.Outcome o = LinuxComparison.compare(
                                ScenarioParser.parse(f.toString(), Files.readString(f)), KernelConfig.defaults(), linux);
                        System.out.println("[linux] " + o.summary());
                        assertTrue(o.agrees(), o.summary());
                    }
                }));
    }
}
