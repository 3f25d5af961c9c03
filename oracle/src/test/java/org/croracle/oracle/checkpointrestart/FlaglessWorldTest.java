package org.croracle.oracle.checkpointrestart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.suite.BugVariant;
import org.croracle.oracle.suite.CheckRow;
import org.croracle.oracle.suite.SpecChecker;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.tlc.TlcModelChecker;
import org.croracle.oracle.tlc.TlcOutcome;
import org.croracle.oracle.tlc.TlcRequest;
import org.croracle.oracle.tlc.TlcRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flagless world, the reduction that lets TLC restart every tree of 4 tasks: TLC checks that
 * every step of the world with subreaper flags, its flags forgotten, is a step of the flagless
 * world (here on trees of 2 tasks; MCCheckpointRestart.cfg does it on 3 in {@code ./cr check
 * --full}), and that the check fails on an unsound reduction.
 */
class FlaglessWorldTest {

    static final Path SPECS = Path.of(System.getProperty("cr.specs", "../specs")).toAbsolutePath().normalize();

    private final SpecSuite suite = Specs.named("checkpointrestart").orElseThrow();

    @Test
    void everyStepOfTheWorldWithFlagsIsOneOfTheFlaglessWorld(@TempDir Path tmp) throws IOException {
        TlcRun run = tlc(tmp, "MCCheckpointRestart", "WorldSpec", "PROPERTIES FlaglessWorldHasEveryTree");
        assertEquals(TlcOutcome.OK, run.outcome(), run.errorMessage() + "\n" + run.output());
        // every tree of 2 tasks with every assignment of flags (and the pid the next fork gets)
        assertEquals(4_720, run.distinctStates());
    }

    @Test
    void theFlaglessWorldHasOneTreeWhereTheWorldHasOnePerAssignmentOfFlags(@TempDir Path tmp) throws IOException {
        TlcRun run = tlc(tmp, "MCFlaglessWorld", "FlaglessWorldSpec",
                "INVARIANTS TypeOK FlaglessWorld RoundTripOfEveryFlaglessTree");
        assertEquals(TlcOutcome.OK, run.outcome(), run.errorMessage() + "\n" + run.output());
        // the 4,720 states above, their flags forgotten (README: the same 666, counted by an
        // enumeration of both worlds outside TLC)
        assertEquals(666, run.distinctStates());
    }

    /** Unsound reductions: one that forgets the zombie flag, one whose orphans skip subreapers further up. */
    @Test
    void theCheckRejectsReductionsThatLoseTrees() {
        SpecChecker checker = new SpecChecker(SPECS, new TlcModelChecker(), 1, Duration.ofMinutes(10));
        for (String name : List.of("ReducedForgetsZombies", "ReducedReaperParentOrInit")) {
            BugVariant bug = BugVariant.discover(suite.dir(SPECS)).stream().filter(b -> b.name().equals(name))
                    .findFirst().orElseThrow();
            assertEquals("FlaglessWorldHasEveryTree", bug.expectedProperty());
            CheckRow row = checker.checkBug(suite, bug);
            assertTrue(row.ok(), name + ": " + row.verdict() + "\n" + row.detail());
            assertTrue(row.states() > 0, name);
        }
    }

    /** TLC on {@code module}'s {@code spec} with trees of 2 tasks below the init. */
    private TlcRun tlc(Path tmp, String module, String spec, String checks) throws IOException {
        Path cfg = tmp.resolve("Model.cfg");
        Files.writeString(cfg, TlcWorldStates.config(2, spec, checks));
        return new TlcModelChecker().run(new TlcRequest(suite.dir(SPECS), module, cfg.toString(), List.of(), 1,
                Duration.ofMinutes(10)), p -> { });
    }
}
