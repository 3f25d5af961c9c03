package org.croracle.oracle.suite;

import org.croracle.oracle.registry.Specs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioRunner;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.RefinementChecker;
import org.croracle.oracle.trace.StepTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every example scenario, run on the kernel, refines every spec (step by step, by TLC). */
class ExamplesConformTest {

    /** Known gaps of a spec, by example (none today). */
    static final Map<String, String> KNOWN = Map.of();

    static final List<SpecOracle> oracles = new ArrayList<>();

    @BeforeAll
    static void load() {
        Path specs = Path.of(System.getProperty("cr.specs", "../specs"));
        Specs.bound().forEach(s -> oracles.add(s.loadOracle(specs)));
    }

    @AfterAll
    static void close() {
        oracles.forEach(SpecOracle::close);
    }

    @TestFactory
    Stream<DynamicTest> everyExampleRefinesEverySpec() throws IOException {
        Path examples = Path.of(System.getProperty("cr.specs", "../specs")).resolve("../examples").normalize();
        List<Path> files;
        try (Stream<Path> s = Files.list(examples)) {
            files = s.filter(p -> p.toString().endsWith(".crs")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Kernel kernel = new Kernel();
            List<RefinementChecker> checkers = new ArrayList<>();
            for (int i = 0; i < Specs.bound().size(); i++) {
                RefinementChecker c = RefinementChecker.attach(oracles.get(i), Specs.bound().get(i).binding(), kernel);
                checkers.add(c);
            }
            assertTrue(ScenarioRunner.run(kernel, ScenarioParser.parse(f.toString(), Files.readString(f))).passed());
            for (RefinementChecker c : checkers) {
                String spec = c.divergence().map(d -> d.spec()).orElse(null);
                if (spec != null && spec.equals(KNOWN.get(f.getFileName().toString()))) {
                    continue;
                }
                assertTrue(c.divergence().isEmpty(), () -> StepTable.describe(c.divergence().get()));
                assertTrue(c.checkedSteps() > 0);
            }
        }));
    }
}
