package org.croracle.oracle.concurrentcheckpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.croracle.impl.syscall.Kernel;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.tlc.SpecOracles;
import org.croracle.oracle.trace.RefinementChecker;
import org.croracle.oracle.trace.StepTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every race example, step by step, is ConcurrentCheckpoint.tla's actions with the kernel's arguments. */
class ConcurrentCheckpointBindingTest {

    static final Path SPECS = Path.of(System.getProperty("cr.specs", "../specs"));
    static SpecOracle oracle;

    @BeforeAll
    static void load() {
        oracle = SpecOracles.load(SPECS.resolve("concurrentcheckpoint"), "OracleConcurrentCheckpoint",
                "OracleConcurrentCheckpoint.cfg", List.of());
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    /** The ConcurrentCheckpoint actions the checker took for the example's attach lines. */
    private static List<String> attachActions(String example) throws Exception {
        Path f = SPECS.resolve("../examples/" + example).normalize();
        Kernel kernel = new Kernel();
        RefinementChecker c = RefinementChecker.attach(oracle, new ConcurrentCheckpointBinding(), kernel);
        ScenarioResult r = ScenarioRunner.run(kernel, ScenarioParser.parse(f.toString(), Files.readString(f)));
        assertTrue(r.passed(), () -> String.join("\n", r.failures()));
        assertTrue(c.divergence().isEmpty(), () -> StepTable.describe(c.divergence().get()));
        return c.steps().stream().filter(s -> s.step().op().equals("attach"))
                .flatMap(s -> s.checks().stream()).filter(x -> x.action() != null).map(x -> x.action().toString()).toList();
    }

    @Test
    void aTaskLeavingOrJoiningTheCallsCgroupIsLeaveOrJoin() throws Exception {
        // race-task-leaves: a (pid 3) leaves box before the gate; race-task-joins: b (pid 4) joins it
        assertEquals(List.of("Leave({3})"), attachActions("race-task-leaves.crs"));
        assertEquals(List.of("Join({4})"), attachActions("race-task-joins.crs"));
    }

    @TestFactory
    Stream<DynamicTest> everyRaceExampleRefinesTheSpec() throws Exception {
        Path examples = SPECS.resolve("../examples").normalize();
        List<Path> races;
        try (Stream<Path> s = Files.list(examples)) {
            races = s.filter(p -> p.getFileName().toString().startsWith("race-")).sorted().toList();
        }
        assertTrue(races.size() >= 5);
        return races.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Kernel kernel = new Kernel();
            RefinementChecker c = RefinementChecker.attach(oracle, new ConcurrentCheckpointBinding(), kernel);
            ScenarioResult r = ScenarioRunner.run(kernel, ScenarioParser.parse(f.toString(), Files.readString(f)));
            assertTrue(r.passed(), () -> String.join("\n", r.failures()));
            assertTrue(c.divergence().isEmpty(), () -> StepTable.describe(c.divergence().get()));
            long actions = c.steps().stream().filter(s -> !s.checks().isEmpty()).count();
            assertTrue(actions > 10, f + ": only " + actions + " steps were spec actions");
        }));
    }
}
