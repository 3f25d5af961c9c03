package org.croracle.cli;

import static org.croracle.cli.MainTest.assertUserError;
import static org.croracle.cli.MainTest.cr;
import static org.croracle.cli.MainTest.specs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.croracle.cli.MainTest.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./cr tlc --save-trace and ./cr explain as users run them. */
class ExplainCommandTest {

    static final Path DOCS = specs().resolveSibling("docs/counterexamples");

    @TempDir
    Path tmp;

    /** Surefire names a java.io.tmpdir of this JVM's own, which JUnit's @TempDir does not create. */
    @BeforeAll
    static void tmpdir() throws IOException {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * The verdict is every check that ran: a scenario whose steps all refine the specs but whose
     * own expectations fail (here on a kernel with a planted planner bug) is a failure, exit 1.
     */
    @Test
    void aScenarioWhoseExpectationsFailIsNoConformance(@TempDir Path dir) throws IOException {
        String crs = specs().resolve("../examples/restart-brief-example.crs").normalize().toString();
        MainTest.Run r = cr("explain", crs, "--mutant", "PLANNER_FORGETS_BORN_BEFORE_SETSID");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("FAILS: the scenario does not hold"), r.out());
        assertFalse(r.out().contains("conforms:"), r.out());
        Path failing = dir.resolve("f.crs");
        Files.writeString(failing, "host fork a\nexpect EPERM\n");
        assertEquals(1, cr("explain", failing.toString()).code());
    }

    @Test
    void aSavedCounterexampleIsExplainedWithTheViolatingActionAndTheField() throws IOException {
        Path trace = tmp.resolve("sub/thaw.trace");
        Run tlc = cr("tlc", specs().resolve("freeze/bugs/ThawWhileCheckpointing.tla").toString(), "--workers", "1",
                "--save-trace", trace.toString());
        assertEquals(1, tlc.code(), tlc.err());
        assertTrue(tlc.out().contains("counterexample saved to " + trace), tlc.out());
        assertTrue(Files.readString(trace).contains("\nState 4: <BuggyWriteThawed line "), Files.readString(trace));

        Path html = tmp.resolve("thaw.html");
        Run r = cr("explain", trace.toString(), "--html", html.toString());
        assertEquals(1, r.code(), "a counterexample shows a failure: " + r.err());
        assertTrue(r.out().contains("violated: invariant NoThawWhileCheckpointing, in state 4 (after BuggyWriteThawed)"),
                r.out());
        assertTrue(r.out().contains("\n->     4  BuggyWriteThawed"), r.out());
        assertTrue(r.out().contains("\n  *  freezer  \"CHECKPOINTING\"  \"THAWED\"\n"), r.out());

        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.endsWith("</html>\n"), page);
        assertTrue(page.contains("<table class=\"steps\">") && page.contains("<td>BuggyWriteThawed</td>"), page);
        assertTrue(page.contains("<tr class=\"differs\"><td class=\"mark\">*</td><td>freezer</td>"
                + "<td>&quot;CHECKPOINTING&quot;</td><td>&quot;THAWED&quot;</td></tr>"), page);
        assertFalse(page.contains("src=") || page.contains("href=") || page.contains("<script"), "self-contained");
        assertEquals(count(page, "<tr"), count(page, "</tr>"));
        assertEquals(count(page, "<td"), count(page, "</td>"));
    }

    /** Any step of a counterexample can be looked at field by field, not only the failing one. */
    @Test
    void everyStepsDiffIsReachable() {
        Run r = cr("explain", DOCS.resolve("ThawWhileCheckpointing.trace").toString(), "--step", "3");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("state 2 -> state 3 (CheckpointBegin), every field"), r.out());
        assertTrue(r.out().contains("\n->     3  CheckpointBegin"), r.out());
        assertTrue(r.out().contains("violated: invariant NoThawWhileCheckpointing, in state 4 (after BuggyWriteThawed)"),
                r.out());
        assertUserError(cr("explain", DOCS.resolve("ThawWhileCheckpointing.trace").toString(), "--step", "9"),
                "--step: the counterexample has no state 9 (it has states 1..4)");
    }

    @Test
    void theCommittedExampleStillReadsAsDocumented() throws IOException {
        Run r = cr("explain", DOCS.resolve("ThawWhileCheckpointing.trace").toString());
        assertEquals(1, r.code(), r.err());
        // docs/counterexamples/ThawWhileCheckpointing.txt is this output, run from the repository root.
        String committed = Files.readString(DOCS.resolve("ThawWhileCheckpointing.txt"));
        assertEquals(committed.substring(committed.indexOf('\n')), r.out().substring(r.out().indexOf('\n')));
    }

    @Test
    void aScenarioConformsOnTheRealKernelAndDivergesUnderAPlantedBug() {
        String crs = DOCS.resolve("setsid-left-group.crs").toString();
        Run ok = cr("explain", crs);
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("conforms: every one of its 5 kernel steps refines freeze, eclone, sharedobjects"), ok.out());

        Run bad = cr("explain", crs, "--mutant", "SETSID_IGNORES_LEFT_GROUP");
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.out().contains("DIVERGES from spec eclone in pids at step 5 (line 10: a setsid)"), bad.out());
        assertTrue(bad.out().contains("\n  *  task[2].sid        1          2\n"), bad.out());
        Run dot = cr("explain", crs, "--mutant", "SETSID_IGNORES_LEFT_GROUP", "--dot");
        assertEquals(1, dot.code());
        assertTrue(dot.out().startsWith("digraph tree {"), dot.out());
        assertTrue(dot.out().contains("\"2\" [label=\"a [2]\\npids [2]\\nsid 2 pgid 2\\nrunning\" style=\"bold\" color=red];"),
                dot.out());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        assertUserError(cr("explain", tmp.resolve("missing.trace").toString()), "no file ");
        Path garbage = tmp.resolve("garbage.txt");
        Files.writeString(garbage, "%%% not a trace %%%\n");
        Run g = cr("explain", garbage.toString());
        assertUserError(g, "is neither a TLC counterexample");
        assertEquals(1, g.err().lines().count(), g.err());
        assertUserError(cr("explain", DOCS.resolve("ThawWhileCheckpointing.trace").toString(), "--mutant",
                "SETSID_IGNORES_LEFT_GROUP"), "--mutant applies to scenarios");
        assertUserError(cr("explain", DOCS.resolve("ThawWhileCheckpointing.trace").toString(), "--dot"),
                "has no process tree");
        Run mutant = cr("explain", garbage.toString(), "--mutant", "NO_SUCH_BUG");
        assertEquals(2, mutant.code());
        assertTrue(mutant.err().startsWith("cr: ") && mutant.err().contains("NO_SUCH_BUG"), mutant.err());
    }

    @Test
    void nothingIsSavedWhenTheModelHolds() {
        Path trace = tmp.resolve("none.trace");
        Run r = cr("tlc", "freeze", "--workers", "1", "--save-trace", trace.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("no counterexample, nothing written to " + trace), r.err());
        assertFalse(Files.exists(trace));
    }

    private static long count(String s, String what) {
        return (s.length() - s.replace(what, "").length()) / what.length();
    }
}
