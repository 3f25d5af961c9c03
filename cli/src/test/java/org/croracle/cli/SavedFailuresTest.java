package org.croracle.cli;

import static org.croracle.cli.MainTest.assertUserError;
import static org.croracle.cli.MainTest.cr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.croracle.cli.MainTest.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure the oracles find is saved to a file that ./cr explain reads and replays: a
 * divergence of ./cr conform (a .crtrace of the workload's codes) and a failing round trip (a
 * .crs). Each replays as a regression: it fails on the kernel it was found on, and passes on the
 * kernel without the planted bug.
 */
class SavedFailuresTest {

    @BeforeAll
    static void tmpdir() throws IOException {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Test
    void aDivergenceFoundByConformIsSavedAndExplained(@TempDir Path dir) throws IOException {
        Run conform = cr("conform", "--spec", "restart", "--runs", "20", "--steps", "60", "--mutant",
                "FAILED_RESTART_KEEPS_CGROUP", "--save", dir.toString(), "--quiet");
        assertEquals(1, conform.code(), conform.out() + conform.err());
        assertTrue(conform.out().contains("DIVERGES"), conform.out());
        Path saved = dir.resolve("conform-restart-seed-1.crtrace");
        assertTrue(conform.out().contains("saved " + saved), conform.out());
        String text = Files.readString(saved);
        assertTrue(text.contains("\nworkload restart\nmutant FAILED_RESTART_KEEPS_CGROUP\ncodes "), text);

        // explain replays it on the kernel the file names, and shows the same failure at the same step
        Run explained = cr("explain", saved.toString());
        assertEquals(1, explained.code(), explained.out() + explained.err());
        assertTrue(explained.out().contains("DIVERGES from spec restart in workload check at step "), explained.out());
        assertTrue(explained.out().contains("left freezer cgroup"), explained.out());
        String stepOfConform = conform.out().replaceAll("(?s).*\nstep (\\d+) \\(.*", "$1");
        assertTrue(explained.out().contains("at step " + stepOfConform + ":"), stepOfConform + "\n" + explained.out());

        // as a regression: the same codes on the kernel without the bug conform
        Path sound = dir.resolve("sound.crtrace");
        Files.writeString(sound, text.replace("mutant FAILED_RESTART_KEEPS_CGROUP\n", ""));
        Run ok = cr("explain", sound.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("conforms: every one of its"), ok.out());
    }

    /**
     * A behaviour generated from the spec that diverges on the kernel is saved with what replays it
     * alone (the initial state, the seed of the kernel-side choices, each step's choice), and
     * explain replays it to the same step.
     */
    @Test
    void aDivergenceFoundFromTheSpecIsSavedAndExplained(@TempDir Path dir) throws IOException {
        Run conform = cr("conform", "--from-spec", "restart", "--behaviours", "0", "--runs", "1", "--mutant",
                "GHOSTS_EXIT_BEFORE_RESTORE", "--save", dir.toString());
        assertEquals(1, conform.code(), conform.out() + conform.err());
        assertTrue(conform.out().contains("DIVERGES"), conform.out());
        Path saved = dir.resolve("conform-from-spec-restart-seed-1.crtrace");
        assertTrue(conform.out().contains("saved " + saved), conform.out());
        String text = Files.readString(saved);
        assertTrue(text.contains("\nfrom-spec restart\nmodel OracleRestart.cfg\nmutant GHOSTS_EXIT_BEFORE_RESTORE\ninit "), text);
        String failingStep = conform.out().replaceAll("(?s).*\nat step (\\d+): .*", "$1");

        Run explained = cr("explain", saved.toString());
        assertEquals(1, explained.code(), explained.out() + explained.err());
        assertTrue(explained.out().contains("DIVERGES at step " + failingStep + ": the refinement checker"), explained.out());
        assertTrue(explained.out().contains("GhostExit"), explained.out());
        assertTrue(explained.out().contains("with the planted bug GHOSTS_EXIT_BEFORE_RESTORE"), explained.out());

        // as a regression: the same behaviour on the kernel without the bug conforms, every step
        Path sound = dir.resolve("sound.crtrace");
        Files.writeString(sound, text.replace("mutant GHOSTS_EXIT_BEFORE_RESTORE\n", ""));
        Run ok = cr("explain", sound.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("conforms: every one of its " + failingStep + " spec steps"), ok.out());

        // a step that the spec no longer offers as saved is said to be so, not replayed as something else
        Path stale = dir.resolve("stale.crtrace");
        Files.writeString(stale, text.replaceFirst("step (\\d+) (\\d+) Create\\(1\\)", "step $1 $2 Create(9)"));
        Run changed = cr("explain", stale.toString());
        assertEquals(1, changed.code(), changed.out() + changed.err());
        assertTrue(changed.out().contains("is not one the spec and its driver offer there now"), changed.out());

        // a mistake in the file is one line naming it
        Path bad = dir.resolve("bad.crtrace");
        Files.writeString(bad, text.replace("\ninit ", "\ninit x"));
        assertUserError(cr("explain", bad.toString()), bad + ":6: 'x");
    }

    @Test
    void aConcurrentCheckpointDivergenceFoundFromTheSpecIsSavedAndExplained(@TempDir Path dir) throws IOException {
        Run conform = cr("conform", "--from-spec", "concurrentcheckpoint", "--behaviours", "0", "--runs", "1", "--mutant",
                "REVERSE_LEAK_UNCHECKED", "--save", dir.toString());
        assertEquals(1, conform.code(), conform.out() + conform.err());
        assertTrue(conform.out().contains("DIVERGES"), conform.out());
        Path saved = dir.resolve("conform-from-spec-concurrentcheckpoint-seed-1.crtrace");
        assertTrue(conform.out().contains("saved " + saved), conform.out());
        String text = Files.readString(saved);
        assertTrue(text.contains("\nfrom-spec concurrentcheckpoint\nmodel FromSpecConcurrentCheckpoint.cfg\n"
                + "mutant REVERSE_LEAK_UNCHECKED\ninit "), text);
        String failingStep = conform.out().replaceAll("(?s).*\nat step (\\d+): .*", "$1");

        Run explained = cr("explain", saved.toString());
        assertEquals(1, explained.code(), explained.out() + explained.err());
        assertTrue(explained.out().contains("DIVERGES at step " + failingStep + ": the refinement checker"), explained.out());
        assertTrue(explained.out().contains("ReverseLeak"), explained.out());

        // on the kernel without the bug the same behaviour conforms, every step
        Path sound = dir.resolve("sound.crtrace");
        Files.writeString(sound, text.replace("mutant REVERSE_LEAK_UNCHECKED\n", ""));
        Run ok = cr("explain", sound.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("conforms: every one of its " + failingStep + " spec steps"), ok.out());
    }

    @Test
    void aFailingRoundTripIsSavedAsAScenarioThatExplainReplays(@TempDir Path dir) throws IOException {
        Run rt = cr("roundtrip", "--runs", "2", "--mutant", "UID_NOT_RESTORED", "--save", dir.toString(), "--quiet");
        assertEquals(1, rt.code(), rt.out() + rt.err());
        Path saved = dir.resolve("roundtrip-1-1.crs");
        List<String> lines = Files.readAllLines(saved);
        assertTrue(lines.contains("# found with the planted bug UID_NOT_RESTORED: ./cr explain FILE --mutant UID_NOT_RESTORED"),
                lines.toString());
        Run explained = cr("explain", saved.toString(), "--mutant", "UID_NOT_RESTORED");
        assertEquals(1, explained.code(), explained.out() + explained.err());
        assertTrue(explained.out().contains("expected same") && explained.out().contains("uid="), explained.out());
        Run sound = cr("explain", saved.toString());
        assertEquals(0, sound.code(), sound.out() + sound.err());
    }

    @Test
    void everyTreeFindsAPlantedBugAndSavesAScenarioThatExplainReplays(@TempDir Path dir) throws IOException {
        Run rt = cr("roundtrip", "--every-tree", "2", "--flagless", "--mutant", "PLANNER_FORGETS_BORN_BEFORE_SETSID",
                "--save", dir.toString(), "--quiet");
        assertEquals(1, rt.code(), rt.out() + rt.err());
        assertTrue(rt.out().contains("every tree of 2 tasks, the flagless world: ") && rt.out().contains(" failed, "), rt.out());
        Path saved = dir.resolve("every-tree-2-1.crs");
        Run explained = cr("explain", saved.toString(), "--mutant", "PLANNER_FORGETS_BORN_BEFORE_SETSID");
        assertEquals(1, explained.code(), explained.out() + explained.err());
        Run sound = cr("explain", saved.toString());
        assertEquals(0, sound.code(), sound.out() + sound.err());
        MainTest.assertUserError(cr("roundtrip", "--every-tree", "6"), "--every-tree takes 1 to 5 tasks, not 6");
        MainTest.assertUserError(cr("roundtrip", "--flagless"), "--flagless goes with --every-tree N");
    }

    @Test
    void aBrokenWorkloadTraceIsOneLineNamingItsLine(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.crtrace");
        Files.writeString(bad, "# cr workload trace: by hand\nworkload restart\ncodes 1 x 3\n");
        assertUserError(cr("explain", bad.toString()), bad + ":3: 'x' is not a code");
        Files.writeString(bad, "# cr workload trace: by hand\nworkload nosuch\ncodes 1\n");
        assertUserError(cr("explain", bad.toString()), "no bound spec 'nosuch'");
        Files.writeString(bad, "# cr workload trace: by hand\nworkload restart\nmutant NOSUCH\ncodes 1\n");
        assertUserError(cr("explain", bad.toString()), "unknown mutant 'NOSUCH'");
    }
}
