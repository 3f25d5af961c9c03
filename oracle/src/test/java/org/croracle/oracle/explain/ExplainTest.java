package org.croracle.oracle.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.freezer.LinuxFreezer;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.kernel.KernelState;
import org.croracle.oracle.mutants.Mutant;
import org.croracle.impl.kernel.Transition;
import org.croracle.oracle.tlc.TlcCounterexample;
import org.croracle.oracle.tlc.TlcCounterexampleFile;
import org.croracle.oracle.tlc.TlcModelChecker;
import org.croracle.oracle.tlc.TlcRequest;
import org.croracle.oracle.tlc.TlcRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./cr explain's logic: TLC counterexamples and scenarios under the oracle, as tables, HTML and trees. */
class ExplainTest {

    static final Path SPECS = Path.of(System.getProperty("cr.specs", "../specs")).toAbsolutePath().normalize();
    static final Path COMMITTED = SPECS.resolveSibling("docs/counterexamples/ThawWhileCheckpointing.trace");

    @TempDir
    Path tmp;

    /** Surefire names a java.io.tmpdir of this JVM's own, which JUnit's @TempDir does not create. */
    @BeforeAll
    static void tmpdir() throws IOException {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    }

    static Explanation.StepRow failing(Explanation e) {
        List<Explanation.StepRow> rows = e.steps().stream().filter(Explanation.StepRow::failing).toList();
        assertEquals(1, rows.size(), ExplanationText.render(e));
        return rows.get(0);
    }

    static Explanation.FieldRow field(Explanation e, String name) {
        return e.fields().stream().filter(f -> f.field().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + name + ":\n" + ExplanationText.render(e)));
    }

    @Test
    void theCommittedCounterexampleShowsTheThawAndTheFreezerField() {
        TraceFiles.Input in = TraceFiles.read(COMMITTED);
        assertEquals(TraceFiles.Kind.TLC_COUNTEREXAMPLE, in.kind());
        Explanation e = TraceFiles.explainTlc(in, SPECS);
        assertTrue(e.failed());
        assertEquals(List.of("4", "BuggyWriteThawed", "", "freezer"), failing(e).cells());
        Explanation.FieldRow freezer = field(e, "freezer");
        assertEquals("*", freezer.marker());
        assertEquals(List.of("\"CHECKPOINTING\"", "\"THAWED\""), freezer.values());
        assertEquals("", field(e, "ckpt").marker(), "an unchanged field is not marked");
        String text = ExplanationText.render(e);
        assertTrue(text.contains("violated: invariant NoThawWhileCheckpointing, in state 4 (after BuggyWriteThawed)"), text);
        assertTrue(text.contains("TLC in-process finds false: NoThawWhileCheckpointing"), text);
        assertTrue(text.contains("\n->     4  BuggyWriteThawed"), text);
        assertTrue(e.tree().isEmpty(), "Freeze's state has no parents");
    }

    /** TLC run here on a bug variant, saved, read back: the step's action and arguments found again. */
    @Test
    void aFreshCounterexampleNamesTheBuggyForkWithItsArguments() throws IOException {
        Path dir = SPECS.resolve("freeze/bugs");
        TlcRun run = new TlcModelChecker().run(new TlcRequest(dir, "ForkFromFrozen", "ForkFromFrozen.cfg",
                List.of(SPECS.resolve("freeze")), 1, Duration.ofSeconds(120)), null);
        assertFalse(run.counterexample().isEmpty(), run.output());
        Path file = tmp.resolve("fork.trace");
        Files.writeString(file, TlcCounterexampleFile.format(new TlcCounterexample("saved by a test",
                dir.resolve("ForkFromFrozen.tla"), dir.resolve("ForkFromFrozen.cfg"), List.of(SPECS.resolve("freeze")),
                run.outcome(), run.violatedProperty(), run.counterexample())));
        Explanation e = TraceFiles.explainTlc(TraceFiles.read(file), SPECS);
        // TLC labels the buggy step BugNext; the spec's disjunct and its arguments are found in-process.
        Explanation.StepRow last = failing(e);
        assertEquals("BugNext: BuggyFork", last.cells().get(1), ExplanationText.render(e));
        assertEquals("1, 2", last.cells().get(2));
        Explanation.FieldRow child = field(e, "tstate[2]");
        assertEquals("*", child.marker());
        assertEquals(List.of(Explanation.FieldRow.ABSENT, "\"frozen\""), child.values());
        assertTrue(e.steps().stream().anyMatch(r -> r.cells().get(1).equals("Attach") && r.cells().get(2).equals("1")),
                ExplanationText.render(e));
    }

    /**
     * Eclone's Next quantifies over DOMAIN task, a set that depends on the state, so TLC labels its
     * steps only "Next"; each is identified by walking Next, even Clone with its seven parameters.
     */
    @Test
    void everyStepTlcLabelsNextIsNamedWithItsArguments() {
        Explanation e = TraceFiles.explainTlc(TraceFiles.read(SPECS.resolveSibling(
                "docs/counterexamples/CloneParentFromInit.trace")), SPECS);
        Explanation.StepRow clone = e.steps().get(1);
        assertEquals(List.of("2", "Next: Clone", "1, 2, TRUE, FALSE, FALSE, << >>, 1, (1 :> 2 @@ 2 :> 1)"),
                clone.cells().subList(0, 3), ExplanationText.render(e));
        assertEquals(List.of("3", "BugNext: BuggyClone", "2, 3"), failing(e).cells().subList(0, 3));
        for (Explanation.StepRow row : e.steps().subList(1, e.steps().size())) {
            assertFalse(row.cells().get(1).endsWith("Next") || row.cells().get(2).equals("?"), ExplanationText.render(e));
        }
    }

    /** A fresh counterexample of five steps, four of them labelled only Next by TLC: each named. */
    @Test
    void aFreshEcloneCounterexampleNamesEveryNextStep() throws IOException {
        Path dir = SPECS.resolve("eclone/bugs");
        TlcRun run = new TlcModelChecker().run(new TlcRequest(dir, "LeaderPidFreedEarly", "LeaderPidFreedEarly.cfg",
                List.of(SPECS.resolve("eclone")), 1, Duration.ofSeconds(300)), null);
        assertFalse(run.counterexample().isEmpty(), run.output());
        Path file = tmp.resolve("leader.trace");
        Files.writeString(file, TlcCounterexampleFile.format(new TlcCounterexample("saved by a test",
                dir.resolve("LeaderPidFreedEarly.tla"), dir.resolve("LeaderPidFreedEarly.cfg"),
                List.of(SPECS.resolve("eclone")), run.outcome(), run.violatedProperty(), run.counterexample())));
        Explanation e = TraceFiles.explainTlc(TraceFiles.read(file), SPECS);
        String text = ExplanationText.render(e);
        List<Explanation.StepRow> steps = e.steps().subList(1, e.steps().size());
        assertTrue(steps.stream().filter(r -> r.cells().get(1).startsWith("Next: ")).count() >= 3, text);
        for (Explanation.StepRow row : steps) {
            // a kill that kills a task that is no init changes what Exit changes: both are named
            assertTrue(row.cells().get(1).matches("(Bug)?Next: \\w+( \\| \\w+)*"), text);
            assertFalse(row.cells().get(2).isEmpty() || row.cells().get(2).contains("?"), text);
        }
        assertTrue(steps.stream().anyMatch(r -> r.cells().get(1).equals("Next: SetSid") && r.cells().get(2).equals("2")), text);
        assertTrue(steps.stream().anyMatch(r -> r.cells().get(1).startsWith("Next: Exit") && r.cells().get(2).matches("2( \\|.*)?")), text);
        assertFalse(text.contains("too many"), text);
    }

    @Test
    void aTreeOfAnAbstractStateMarksTheTaskTheStepMade() throws IOException {
        // Eclone's task variable as TLC prints it: a function on 1..3 printed as a tuple of records.
        Path file = tmp.resolve("eclone.trace");
        Files.writeString(file, """
                Error: Invariant ParentInOwnNamespace is violated.
                Error: The behavior up to this point is:
                State 1: <Initial predicate>
                /\\ task = << [ns |-> 0, pids |-> <<1>>, parent |-> NoTask, state |-> "alive"],
                   [ns |-> 1, pids |-> <<2, 1>>, parent |-> 1, state |-> "alive"] >>

                State 2: <BugNext line 24, col 20 to line 24, col 73 of module CloneParentFromInit>
                /\\ task = << [ns |-> 0, pids |-> <<1>>, parent |-> NoTask, state |-> "alive"],
                   [ns |-> 1, pids |-> <<2, 1>>, parent |-> 1, state |-> "alive"],
                   [ns |-> 1, pids |-> <<3, 2>>, parent |-> 1, state |-> "<b>&"] >>
                """);
        Explanation e = TraceFiles.explainTlc(TraceFiles.read(file), SPECS);
        assertTrue(e.notes().get(0).contains("not found (the file does not name its spec)"), e.notes().toString());
        assertEquals("?", failing(e).cells().get(2));
        assertEquals("*", field(e, "task[3].parent").marker());
        ProcessTree tree = e.tree().orElseThrow();
        String dot = tree.dot();
        assertTrue(dot.contains("\"task/1\" -> \"task/3\";"), dot);
        assertTrue(dot.contains("\"task/3\" [label=\"task[3]\\npids <<3, 2>>\\nns 1\\nstate \\\"<b>&\\\"\" style=\"dashed,bold\" color=red];"), dot);
        assertFalse(dot.contains("\"task/2\" [label=\"task[2]\\npids <<2, 1>>\\nns 1\\nstate \\\"alive\\\"\" style"), dot);
        String html = ExplanationHtml.render(e);
        assertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), "the tree drawn inline");
        assertTrue(html.contains("state &quot;&lt;b&gt;&amp;&quot;"), "escaped in the SVG and the tables");
        assertFalse(html.contains("<b>&"), "nothing of the trace is left unescaped");
    }

    @Test
    void anInitialStateViolationShowsThatOneState() throws IOException {
        Path file = tmp.resolve("init.log");
        Files.writeString(file, "Error: Invariant SingleCheckpointer is violated by the initial state:\n"
                + "/\\ ckpt = 0\n/\\ freezer = \"THAWED\"\n/\\ tstate = (3 :> \"running\")\n\n");
        Explanation e = TraceFiles.explainTlc(TraceFiles.read(file), SPECS);
        assertEquals(List.of("1", "Initial predicate", "", "(initial state: 3 fields)"), failing(e).cells());
        assertEquals(List.of("state 1"), e.stateColumns());
        assertEquals(List.of("\"running\""), field(e, "tstate[3]").values());
        assertTrue(e.summary().get(0).endsWith("in state 1 (the initial state)"), e.summary().toString());
    }

    /** thaw forgets to wake the tasks: Freeze's WriteThawed says each frozen task runs again. */
    static final class ThawLeavesTasksFrozen extends LinuxFreezer {
        @Override
        public Transition<FreezerState> write(KernelState state, String name, FreezerState goal) {
            Cgroup cg = state.cgroups().get(name);
            if (goal == FreezerState.THAWED && cg != null && cg.state() == FreezerState.FROZEN) {
                return Transition.ok(FreezerState.THAWED, state.withCgroup(cg.withState(FreezerState.THAWED)));
            }
            return super.write(state, name, goal);
        }
    }

    @Test
    void aDivergingScenarioShowsTheStepTheFieldsAndWhatTheSpecWouldHaveDone() throws Exception {
        Path file = tmp.resolve("thaw.crs");
        Files.writeString(file, """
                host fork c cgroup=box
                c fork d
                freeze box
                thaw box
                """);
        TraceFiles.Input in = TraceFiles.read(file);
        assertEquals(TraceFiles.Kind.SCENARIO, in.kind());
        Explanation e = TraceFiles.explainScenario(in, KernelConfig.defaults().withFreezer(new ThawLeavesTasksFrozen()),
                "with a thaw that wakes nobody", SPECS);
        assertTrue(e.failed());
        Explanation.StepRow row = failing(e);
        assertEquals("4", row.cells().get(1), "the thaw is on line 4");
        assertTrue(row.cells().get(4).contains("freeze/box: WriteThawed"), row.cells().toString());
        assertEquals("DIVERGES", row.cells().get(5));
        assertEquals(List.of("before", "after (implementation)", "spec's WriteThawed"), e.stateColumns());
        Explanation.FieldRow d = field(e, "tstate[3]");
        assertEquals("!", d.marker(), "the implementation left it; the spec changes it");
        assertEquals(List.of("\"frozen\"", "\"frozen\"", "\"running\""), d.values());
        assertEquals("*", field(e, "freezer").marker());
        String text = ExplanationText.render(e);
        assertTrue(text.contains("DIVERGES from spec freeze in box at step"), text);
        assertTrue(text.contains("where the spec's WriteThawed would instead have (implementation -> spec):"), text);
        assertTrue(text.contains("tstate[3]: \"frozen\" -> \"running\""), text);
        ProcessTree tree = e.tree().orElseThrow();
        assertTrue(tree.title().startsWith("the kernel after step"), tree.title());
        assertTrue(tree.nodes().stream().anyMatch(n -> n.label().get(0).equals("d [3]")), tree.nodes().toString());
    }

    @Test
    void theSameScenarioConformsOnTheRealKernel() throws Exception {
        Path file = tmp.resolve("thaw.crs");
        Files.writeString(file, "host fork c cgroup=box\nc fork d\nfreeze box\nthaw box\n");
        Explanation e = TraceFiles.explainScenario(TraceFiles.read(file), KernelConfig.defaults(), "", SPECS);
        assertFalse(e.failed());
        assertTrue(e.summary().get(0).startsWith("conforms: every one of its"), e.summary().toString());
        assertTrue(e.steps().stream().noneMatch(Explanation.StepRow::failing));
    }

    @Test
    void aPlantedSetsidBugDivergesAtTheSetsidAndMarksItsCaller() {
        Path file = SPECS.resolveSibling("docs/counterexamples/setsid-left-group.crs");
        Explanation e = TraceFiles.explainScenario(TraceFiles.read(file),
                Mutant.SETSID_IGNORES_LEFT_GROUP.plant(KernelConfig.defaults()), "with a planted bug", SPECS);
        Explanation.StepRow row = failing(e);
        assertTrue(row.cells().get(3).startsWith("setsid(by 2) = ok"), row.cells().toString());
        assertEquals(List.of("1", "2"), field(e, "task[2].sid").values());
        assertTrue(e.legend().stream().anyMatch(l -> l.contains("SetSid(2) is not enabled")), e.legend().toString());
        ProcessTree tree = e.tree().orElseThrow();
        assertEquals(List.of("2"), tree.nodes().stream().filter(ProcessTree.Node::highlighted).map(ProcessTree.Node::id).toList());
    }

    @Test
    void badInputIsOneLineNamingTheFile() throws IOException {
        Path missing = tmp.resolve("nope.trace");
        assertEquals("no file " + missing, assertThrows(TraceFiles.BadTraceFile.class, () -> TraceFiles.read(missing)).getMessage());
        Path garbage = tmp.resolve("garbage.txt");
        Files.writeString(garbage, "this is not a trace\nat all\n");
        String m = assertThrows(TraceFiles.BadTraceFile.class, () -> TraceFiles.read(garbage)).getMessage();
        assertTrue(m.startsWith(garbage + " is neither a TLC counterexample") && m.contains("line 1"), m);
        assertFalse(m.contains("\n"), m);
        Path binary = tmp.resolve("x.bin");
        Files.write(binary, new byte[] {1, 0, 2});
        assertTrue(assertThrows(TraceFiles.BadTraceFile.class, () -> TraceFiles.read(binary)).getMessage().contains("not a text file"));
        Path empty = tmp.resolve("e.crs");
        Files.writeString(empty, "\n");
        assertEquals(empty + " is empty", assertThrows(TraceFiles.BadTraceFile.class, () -> TraceFiles.read(empty)).getMessage());
        Path noTrace = tmp.resolve("ok.log");
        Files.writeString(noTrace, "TLC2 Version 2.18\nModel checking completed. No error has been found.\n");
        TraceFiles.Input in = TraceFiles.read(noTrace);
        String none = assertThrows(TraceFiles.BadTraceFile.class, () -> TraceFiles.explainTlc(in, SPECS)).getMessage();
        assertTrue(none.startsWith(noTrace + ": TLC's output, but no error trace"), none);
        Path badCrs = tmp.resolve("bad.crs");
        Files.writeString(badCrs, "host frobnicate\n");
        TraceFiles.Input crs = TraceFiles.read(badCrs);
        assertThrows(TraceFiles.BadTraceFile.class, () -> TraceFiles.explainScenario(crs, KernelConfig.defaults(), "", SPECS));
    }
}
