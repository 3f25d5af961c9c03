package org.croracle.oracle.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.tlc.TlcModelChecker;
import org.junit.jupiter.api.Test;

/**
 * ./cr check's quick tier: every spec on a model of seconds (a CI model, or a smaller one beside
 * them that CI's --full does not run, so it is checked here), every bug variant rejected, with
 * random behaviours first.
 */
class QuickTierTest {

    static final Path SPECS = Path.of(System.getProperty("cr.specs", "../specs")).toAbsolutePath().normalize();

    @Test
    void everySpecHasAQuickModelThatHolds() {
        assertEquals("MCCheckpointRestartSteps.cfg", Specs.named("checkpointrestart").orElseThrow().quickConfig());
        assertEquals("MCEcloneQuick.cfg", Specs.named("eclone").orElseThrow().quickConfig());
        SpecChecker checker = new SpecChecker(SPECS, new TlcModelChecker(), 1, Duration.ofMinutes(10));
        for (SpecSuite suite : Specs.all()) {
            String quick = suite.quickConfig();
            assertTrue(Files.isRegularFile(suite.dir(SPECS).resolve(quick)), suite.name() + ": " + quick);
            if (suite.ciConfigs().contains(quick)) {
                continue; // --full checks it (MainTest)
            }
            assertFalse(suite.ciConfigs().contains(quick));
            CheckRow row = checker.checkModel(suite, quick);
            assertTrue(row.ok(), suite.name() + " " + quick + ": " + row.verdict() + "\n" + row.detail());
            assertTrue(row.states() > 1_000 && row.distinct() > 100, suite.name() + " " + quick + " explored only "
                    + row.states() + " states");
        }
    }

    /** A variant that random behaviours find at once: rejected without the exhaustive search. */
    @Test
    void aBugVariantIsRejectedByRandomBehavioursFirst() {
        SpecSuite suite = Specs.named("sharedobjects").orElseThrow();
        BugVariant bug = variant(suite, "CollectPostOrder");
        CheckRow row = new SpecChecker(SPECS, new TlcModelChecker(), 1, Duration.ofMinutes(10)).checkBug(suite, bug, true);
        assertTrue(row.ok(), row.verdict() + "\n" + row.detail());
        assertEquals("rejected: ObjrefsDenseInFirstEncounterOrder (random behaviours)", row.verdict());
        assertEquals(-1, row.distinct(), "a simulation counts no distinct states");
        assertTrue(row.states() > 0 && row.depth() > 1, row.toString());
        assertTrue(row.detail().contains("Initial predicate") && row.detail().contains("BugNext"),
                "the counterexample, from the initial state through the buggy collect: " + row.detail());
    }

    /**
     * A liveness variant cannot be shown broken by a finite random behaviour: the exhaustive search
     * runs, as in the full tier, and rejects it.
     */
    @Test
    void aLivenessVariantIsStillSearchedExhaustively() {
        SpecSuite suite = Specs.named("freeze").orElseThrow();
        BugVariant bug = variant(suite, "SettleCountsZombies");
        assertFalse(bug.temporalProperties().isEmpty());
        CheckRow row = new SpecChecker(SPECS, new TlcModelChecker(), 1, Duration.ofMinutes(10)).checkBug(suite, bug, true);
        assertTrue(row.ok(), row.verdict() + "\n" + row.detail());
        assertEquals("rejected: " + bug.expectedProperty(), row.verdict());
        assertTrue(row.distinct() > 0, "the breadth-first search counts distinct states");
    }

    /** Restart's variants are ones random behaviours mostly miss: searched at once, as in --full. */
    @Test
    void aRestartVariantIsSearchedWithoutRandomBehaviours() {
        SpecSuite suite = Specs.named("restart").orElseThrow();
        assertFalse(suite.randomBehavioursFindItsBugs());
        assertTrue(Specs.named("sharedobjects").orElseThrow().randomBehavioursFindItsBugs());
        BugVariant bug = variant(suite, "NoGhostGroupLeader");
        assertTrue(bug.temporalProperties().isEmpty(), "a safety variant, which random behaviours could break");
        CheckRow row = new SpecChecker(SPECS, new TlcModelChecker(), 1, Duration.ofMinutes(10)).checkBug(suite, bug, true);
        assertEquals("rejected: " + bug.expectedProperty(), row.verdict(), row.detail());
        assertTrue(row.distinct() > 0, "the breadth-first search counts distinct states");
    }

    /**
     * A variant whose cfg says random behaviours miss it is searched at once, without them: here a
     * copy of freeze whose SecondCheckpoint (which they do find) carries the line.
     */
    @Test
    void aVariantWhoseCfgSaysRandomBehavioursMissItIsSearchedAtOnce(@org.junit.jupiter.api.io.TempDir Path root)
            throws java.io.IOException {
        SpecSuite suite = Specs.named("freeze").orElseThrow();
        Path copy = root.resolve("freeze");
        try (var files = Files.walk(suite.dir(SPECS))) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(suite.dir(SPECS).relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        Path cfg = copy.resolve("bugs").resolve("SecondCheckpoint.cfg");
        Files.writeString(cfg, Files.readString(cfg).replaceFirst("(EXPECT-VIOLATION: \\w+)",
                "$1\n\\\\* RANDOM-BEHAVIOURS-MISS: planted by this test"));
        BugVariant bug = BugVariant.discover(copy).stream().filter(b -> b.name().equals("SecondCheckpoint")).findFirst()
                .orElseThrow();
        assertEquals("planted by this test", bug.randomBehavioursMiss().orElseThrow());
        assertTrue(SpecChecker.searchedAtOnce(suite, bug));
        CheckRow row = new SpecChecker(root, new TlcModelChecker(), 1, Duration.ofMinutes(10)).checkBug(suite, bug, true);
        assertEquals("rejected: SingleCheckpointer (searched at once)", row.verdict(), row.detail());
        assertTrue(row.distinct() > 0, "the breadth-first search counts distinct states");
    }

    /**
     * Every variant whose cfg says random behaviours miss it is missed by them: the quick tier's
     * random behaviours do not reject it with its property (a line that has become false only
     * costs time, but says something untrue about the variant).
     */
    @Test
    void everyVariantSaidToBeMissedByRandomBehavioursIsMissedByThem() {
        TlcModelChecker tlc = new TlcModelChecker();
        int claims = 0;
        for (SpecSuite suite : Specs.all()) {
            for (BugVariant bug : BugVariant.discover(suite.dir(SPECS))) {
                if (bug.randomBehavioursMiss().isEmpty()) {
                    continue;
                }
                claims++;
                org.croracle.oracle.tlc.TlcRun simulated = tlc.run(new org.croracle.oracle.tlc.TlcRequest(bug.dir(),
                        bug.name(), bug.configFile(), List.of(suite.dir(SPECS)), 1, Duration.ofMinutes(10),
                        SpecChecker.BUG_SIMULATION), p -> { });
                // A simulation that breaks nothing ends without TLC's final summary, which the
                // interpreter reads as an error: what counts is that it ran its behaviours to the end.
                assertTrue(simulated.output().contains("states generated") && simulated.output().contains("Finished in"),
                        () -> bug.name() + ": the simulation ran to its end: " + simulated.output());
                assertFalse(SpecChecker.rejectedWith(simulated, bug),
                        suite.name() + "/" + bug.name() + ": random behaviours now find it: drop the cfg's line");
            }
        }
        assertTrue(claims > 0, "no variant says random behaviours miss it");
    }

    private static BugVariant variant(SpecSuite suite, String name) {
        List<BugVariant> bugs = BugVariant.discover(suite.dir(SPECS));
        return bugs.stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no bug variant " + name + " in " + bugs));
    }
}
