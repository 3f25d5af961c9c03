package org.croracle.oracle.restart;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Replays regressions/: fixed failures must pass; known gaps must still fail as recorded. */
class RegressionsTest {

    static final Path DIR = Path.of("../regressions").toAbsolutePath().normalize();

    static List<Path> scenarios(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".crs")).sorted().toList();
        }
    }

    static ScenarioResult run(Path f) throws Exception {
        return ScenarioRunner.run(new Kernel(), ScenarioParser.parse(f.toString(), Files.readString(f)));
    }

    @TestFactory
    Stream<DynamicTest> fixedFailuresStayFixed() throws IOException {
        return Stream.concat(scenarios(DIR).stream(), scenarios(DIR.resolve("linux")).stream())
                .map(f -> DynamicTest.dynamicTest(DIR.relativize(f).toString(), () -> {
            ScenarioResult r = run(f);
            assertTrue(r.passed(), String.join("\n", r.failures()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> knownGapsStillFailAsRecorded() throws IOException {
        List<Path> gaps = scenarios(DIR.resolve("known-gaps"));
        return gaps.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            ScenarioResult r = run(f);
            assertFalse(r.passed(), f + " passes now: move it to regressions/");
            String failures = String.join("\n", r.failures());
            assertTrue(failures.contains("EINVAL (cannot rebuild the tree: task"), failures);
        }));
    }
}
