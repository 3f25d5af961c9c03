package org.croracle.oracle.concurrentcheckpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.croracle.impl.scenario.ScenarioSyntaxException;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.mutants.Mutant;
import org.junit.jupiter.api.Test;

/**
 * The races of examples/race-*.crs under ConcurrentCheckpoint.tla's properties: the kernel keeps
 * them, and a kernel without the reverse-leak check, without the second scan's check, or
 * without the guard on /proc/PID/fd opens during a checkpoint, is caught on the race that check
 * exists for.
 */
class ConcurrentCheckpointWatchTest {

    static final Path EXAMPLES = Path.of(System.getProperty("cr.specs", "../specs")).resolve("../examples")
            .toAbsolutePath().normalize();

    record Run(ScenarioResult result, ConcurrentCheckpointWatch watch) {
    }

    static Run run(KernelConfig config, String file) throws IOException, ScenarioSyntaxException {
        Path f = EXAMPLES.resolve(file);
        Kernel k = new Kernel(config);
        ConcurrentCheckpointWatch watch = new ConcurrentCheckpointWatch();
        k.addStepListener(watch);
        ScenarioResult r = ScenarioRunner.run(k, ScenarioParser.parse(f.toString(), Files.readString(f)));
        return new Run(r, watch);
    }

    static List<String> races() throws IOException {
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("race-") && n.endsWith(".crs"))
                    .sorted().toList();
        }
    }

    @Test
    void theKernelKeepsThePropertiesOnEveryRace() throws Exception {
        List<String> races = races();
        assertTrue(races.size() >= 4, races.toString());
        for (String race : races) {
            Run r = run(KernelConfig.defaults(), race);
            assertTrue(r.result().passed(), race + ": " + r.result().failures());
            assertFalse(r.watch().calls().isEmpty(), race + ": the watch followed an interleaved checkpoint");
            assertEquals(List.of(), r.watch().violations(), race);
        }
    }

    @Test
    void withoutTheReverseLeakCheckTheImageHoldsAFileFromOutside() throws Exception {
        Run r = run(Mutant.REVERSE_LEAK_UNCHECKED.plant(KernelConfig.defaults()), "race-reverse-leak.crs");
        List<String> caught = r.watch().violations().stream().map(ConcurrentCheckpointWatch.Violation::property).toList();
        assertTrue(caught.contains("ImageIsContained") && caught.contains("ImageHoldsOnlyCollected"), caught.toString());
        assertFalse(r.result().passed(), "the example's own verdict (expect busy reverse) fails too");
    }

    /** Both walks come after the gate: a tree changed before it is in both, with or without the check. */
    @Test
    void aTreeChangedBeforeTheGateIsInTheImageWithOrWithoutTheSecondScansCheck() throws Exception {
        Run r = run(Mutant.TREE_RECOUNT_SKIPPED.plant(KernelConfig.defaults()), "race-tree-changed.crs");
        assertEquals(List.of(), r.watch().violations());
        assertTrue(r.result().passed(), String.join("\n", r.result().failures()));
    }

    @Test
    void withoutTheProcFdGuardTheImageHoldsAFileOpenedFromOutside() throws Exception {
        Run r = run(Mutant.PROC_FD_DURING_CHECKPOINT.plant(KernelConfig.defaults()), "race-proc-fd.crs");
        List<String> caught = r.watch().violations().stream().map(ConcurrentCheckpointWatch.Violation::property).toList();
        assertEquals(List.of("ImageIsContained"), caught, r.watch().violations().toString());
        assertFalse(r.result().passed(), "the open the kernel refuses succeeds");
    }
}
