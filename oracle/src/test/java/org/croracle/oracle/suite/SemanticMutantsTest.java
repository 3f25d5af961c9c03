package org.croracle.oracle.suite;

import org.croracle.oracle.concurrentcheckpoint.ConcurrentCheckpointSuite;
import org.croracle.oracle.eclone.EcloneSuite;
import org.croracle.oracle.freeze.FreezeSuite;
import org.croracle.oracle.restart.RestartSuite;
import org.croracle.oracle.sharedobjects.SharedObjectsSuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.mutants.Mutant;
import org.croracle.oracle.restart.RestartFuzzTest;
import org.croracle.oracle.checkpointrestart.RoundTrip;
import org.croracle.oracle.checkpointrestart.RoundTripSweep;
import org.croracle.oracle.tlc.FalseConjunct;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.Conformance;
import org.croracle.oracle.trace.Divergence;
import org.croracle.oracle.trace.StepTable;
import org.croracle.oracle.trace.TextTable;
import org.croracle.oracle.trace.TraceResult;
import org.croracle.oracle.trace.TraceRunner;
import org.croracle.oracle.trace.TraceShrinker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutation adequacy of the oracles: each semantic mutant of {@link Mutant} is planted in the
 * kernel and the oracle that owns its rule must notice it on random workloads, within a bounded
 * number of traces; the trace that catches it must pass on the kernel without the mutant (so it is
 * the mutant that was caught, not a flaky trace). SETSID_IGNORES_LEFT_GROUP is the Linux
 * differential's (PlantedDisagreementTest), not repeated here. Prints one table: mutant, oracle,
 * how many traces it took, and what the oracle said.
 */
class SemanticMutantsTest {

    static SpecOracle freeze;
    static SpecOracle eclone;
    static SpecOracle sharedObjects;
    static SpecOracle restart;
    static SpecOracle concurrent;
    static final TextTable TABLE = new TextTable(new boolean[] {false, false, true, false},
            "mutant", "oracle", "caught after", "what it said");

    @BeforeAll
    static void load() {
        Path specs = Path.of(System.getProperty("cr.specs", "../specs"));
        freeze = new FreezeSuite().loadOracle(specs);
        eclone = new EcloneSuite().loadOracle(specs);
        sharedObjects = new SharedObjectsSuite().loadOracle(specs);
        restart = new RestartSuite().loadOracle(specs);
        concurrent = new ConcurrentCheckpointSuite().loadOracle(specs);
    }

    @AfterAll
    static void close() {
        freeze.close();
        eclone.close();
        sharedObjects.close();
        restart.close();
        concurrent.close();
        System.out.print("SemanticMutantsTest:\n" + TABLE.render());
    }

    static KernelConfig with(Mutant m) {
        return m.plant(KernelConfig.defaults());
    }

    /**
     * A refinement sweep of the mutant kernel: the first diverging trace, shrunk; the same codes
     * must conform on the kernel without the mutant.
     */
    static Divergence caughtByRefinement(Mutant m, String oracleName, TraceRunner mutant, TraceRunner sound,
                                         int traces, int steps) {
        Conformance.Report report = Conformance.run(mutant, traces, steps, 1L);
        if (report.conforms()) {
            TABLE.add(m.name(), oracleName, "missed", "no divergence in " + traces + " traces of " + steps + " steps");
            throw new AssertionError(m + " was not caught by " + oracleName + " in " + traces + " traces");
        }
        TraceResult minimal = report.failure().orElseThrow();
        Divergence d = minimal.divergence().orElseThrow();
        TraceResult same = sound.run(minimal.codes());
        assertTrue(same.conforms(), () -> "the trace that caught " + m + " fails without it too:\n" + StepTable.render(same));
        TABLE.add(m.name(), oracleName, report.traces() + " traces",
                "step " + d.step().index() + " of " + minimal.steps().size() + " (shrunk): "
                        + (d.action() == null ? d.reason() : d.action().name() + " does not allow " + d.step().op()));
        return d;
    }

    @Test
    void aLeakCheckThatIgnoresPipesIsCaughtBySharedObjectsRefinement() {
        Divergence d = caughtByRefinement(Mutant.LEAK_CHECK_IGNORES_PIPES, "sharedobjects refinement",
                new SharedObjectsSuite(with(Mutant.LEAK_CHECK_IGNORES_PIPES)).runner(sharedObjects),
                new SharedObjectsSuite().runner(sharedObjects), 400, 60);
        // The call passed its leak check while the spec sees a pipe held from outside: LeakFound, not LeakCheckPasses.
        assertEquals("LeakCheckPasses", d.action().name(), () -> StepTable.describe(d));
        assertTrue(d.allowedBy().stream().noneMatch(a -> a.startsWith("LeakCheckPasses")), () -> StepTable.describe(d));
        // Why, in the spec's words: the leak set is not empty, and which object is in it.
        FalseConjunct why = d.falseConjunct().orElseThrow(() -> new AssertionError(StepTable.describe(d)));
        assertEquals("Leaks = {}", why.text(), why::toString);
        assertTrue(why.precondition() && why.where().startsWith("SharedObjects.tla line "), why::toString);
        assertTrue(why.values().stream().anyMatch(v -> v.startsWith("Leaks = {") && !v.equals("Leaks = {}")), why::toString);
    }

    @Test
    void aDumpThatWritesWhatCollectNeverSawIsCaughtByConcurrentCheckpointRefinement() {
        Mutant m = Mutant.REVERSE_LEAK_UNCHECKED;
        Divergence d = caughtByRefinement(m, "concurrentcheckpoint refinement",
                new ConcurrentCheckpointSuite(with(m)).runner(concurrent), new ConcurrentCheckpointSuite().runner(concurrent),
                1000, 60);
        // A task's dump met a file an outside task put in a table the tree shares after collect
        // walked it, and wrote it: DumpTask needs every object it meets collected (else ReverseLeak).
        assertEquals("DumpTask", d.action().name(), () -> StepTable.describe(d));
        FalseConjunct why = d.falseConjunct().orElseThrow(() -> new AssertionError(StepTable.describe(d)));
        assertEquals("Meets(t) \\subseteq Collected", why.text(), why::toString);
        assertTrue(why.precondition() && why.where().startsWith("ConcurrentCheckpoint.tla line "), why::toString);
    }

    @Test
    void aProcFdOpenOfACheckpointedTaskIsCaughtByConcurrentCheckpointRefinement() {
        Mutant m = Mutant.PROC_FD_DURING_CHECKPOINT;
        Divergence d = caughtByRefinement(m, "concurrentcheckpoint refinement",
                new ConcurrentCheckpointSuite(with(m)).runner(concurrent), new ConcurrentCheckpointSuite().runner(concurrent),
                300, 60);
        // An outside task opened /proc/PID/fd/N of a task the checkpoint holds: ProcOpen is
        // refused while the task's cgroup is CHECKPOINTING.
        assertEquals("ProcOpen", d.action().name(), () -> StepTable.describe(d));
        assertEquals("getfd", d.step().op(), () -> StepTable.describe(d));
        FalseConjunct why = d.falseConjunct().orElseThrow(() -> new AssertionError(StepTable.describe(d)));
        assertEquals("ProcFdAllowed(t)", why.text(), why::toString);
    }

    @Test
    void anAllocatorThatDoesNotRollBackIsCaughtByEcloneRefinement() {
        Divergence d = caughtByRefinement(Mutant.ECLONE_NO_ROLLBACK, "eclone refinement",
                new EcloneSuite(with(Mutant.ECLONE_NO_ROLLBACK)).runner(eclone),
                new EcloneSuite().runner(eclone), 500, 50);
        // The failed call left a pid behind: CloneFail changes no pidmap.
        assertEquals("CloneFail", d.action().name(), () -> StepTable.describe(d));
        assertTrue(d.diff().stream().anyMatch(c -> c.where().startsWith("pidmap")), () -> StepTable.describe(d));
    }

    @Test
    void anInitKillableFromInsideItsNamespaceIsCaughtByEcloneRefinement() {
        Divergence d = caughtByRefinement(Mutant.INIT_KILLABLE_FROM_INSIDE, "eclone refinement",
                new EcloneSuite(with(Mutant.INIT_KILLABLE_FROM_INSIDE)).runner(eclone),
                new EcloneSuite().runner(eclone), 500, 50);
        // A task of the namespace killed its init: Eclone's init drops a SIGKILL that does not come from above.
        assertEquals("Kill", d.action().name(), () -> StepTable.describe(d));
        assertEquals("kill", d.step().op(), () -> StepTable.describe(d));
    }

    @Test
    void ghostsThatExitBeforeTheRestoreAreCaughtByRestartRefinement() {
        Divergence d = caughtByRefinement(Mutant.GHOSTS_EXIT_BEFORE_RESTORE, "restart refinement",
                new RestartSuite(with(Mutant.GHOSTS_EXIT_BEFORE_RESTORE)).runner(restart),
                new RestartSuite().runner(restart), 100, 60);
        // A ghost left while the tree was still being built: GhostExit waits for every task's restore.
        assertEquals("GhostExit", d.action().name(), () -> StepTable.describe(d));
        // Why: a ghost may exit only in the ghosts phase, and the phase was another.
        FalseConjunct why = d.falseConjunct().orElseThrow(() -> new AssertionError(StepTable.describe(d)));
        assertEquals("phase = \"ghosts\"", why.text(), why::toString);
        assertTrue(why.precondition() && why.where().startsWith("Restart.tla line "), why::toString);
        assertTrue(why.values().stream().anyMatch(v -> v.startsWith("phase = \"") && !v.equals("phase = \"ghosts\"")),
                why::toString);
    }

    @Test
    void aFailedRestartThatKeepsItsCgroupIsCaughtByTheRestartWorkload() {
        Divergence d = caughtByRefinement(Mutant.FAILED_RESTART_KEEPS_CGROUP, "restart workload (all or nothing)",
                new RestartSuite(with(Mutant.FAILED_RESTART_KEEPS_CGROUP)).runner(restart),
                new RestartSuite().runner(restart), 100, 60);
        // The workload's own check after the injected fault: the restart left its cgroup.
        assertEquals("workload check", d.instance(), () -> StepTable.describe(d));
        assertTrue(d.reason().contains("freezer cgroup"), d::reason);
    }

    @Test
    void aTaskMovedOutOfAFrozenCgroupIsCaughtByFreezeRefinementAndTheExample() throws Exception {
        Mutant m = Mutant.FROZEN_TASK_LEAVES_ITS_CGROUP;
        Divergence d = caughtByRefinement(m, "freeze refinement", new FreezeSuite(with(m)).runner(freeze),
                new FreezeSuite().runner(freeze), 300, 60);
        // cgroup.procs moved a task out of a cgroup that is not THAWED: Detach needs it THAWED.
        assertEquals("attach", d.step().op(), () -> StepTable.describe(d));
        assertEquals("Detach", d.action().name(), () -> StepTable.describe(d));
        FalseConjunct why = d.falseConjunct().orElseThrow(() -> new AssertionError(StepTable.describe(d)));
        assertEquals("freezer = \"THAWED\"", why.text(), why::toString);
        // The example that moves a task out of a CHECKPOINTING cgroup diverges too (Leave, MayMoveFrom).
        Path example = Path.of(System.getProperty("cr.specs", "../specs")).resolveSibling("examples/race-task-leaves.crs");
        org.croracle.oracle.explain.Explanation e = org.croracle.oracle.explain.TraceFiles.explainScenario(
                org.croracle.oracle.explain.TraceFiles.read(example), with(m), "", Path.of(System.getProperty("cr.specs", "../specs")));
        assertTrue(e.failed() && e.summary().get(0).startsWith("DIVERGES from spec"), e.summary()::toString);
    }

    @Test
    void aCheckpointGateThatTakesAFreezingCgroupIsCaughtByFreezeRefinementAndTheExample() throws Exception {
        Mutant m = Mutant.CHECKPOINT_TAKES_FREEZING_CGROUP;
        Divergence d = caughtByRefinement(m, "freeze refinement", new FreezeSuite(with(m)).runner(freeze),
                new FreezeSuite().runner(freeze), 50, 40);
        // The gate took a cgroup with a task still running: CheckpointBegin needs it FROZEN.
        assertEquals("CheckpointBegin", d.action().name(), () -> StepTable.describe(d));
        // The scenario that reaches the gate with a FREEZING cgroup (freezer-write, refrigerate) diverges too.
        Path example = Path.of(System.getProperty("cr.specs", "../specs")).resolveSibling("examples/checkpoint-while-freezing.crs");
        org.croracle.oracle.explain.Explanation e = org.croracle.oracle.explain.TraceFiles.explainScenario(
                org.croracle.oracle.explain.TraceFiles.read(example), with(m), "", Path.of(System.getProperty("cr.specs", "../specs")));
        assertTrue(e.failed() && e.summary().get(0).startsWith("DIVERGES from spec freeze"), e.summary()::toString);
    }

    @Test
    void aSysctlGateAtOneIsCaughtByTheRestartWorkloadsSelfRestarts() {
        Divergence d = caughtByRefinement(Mutant.UNPRIV_RESTART_AT_ONE, "restart workload (RESTART_TASKSELF rules)",
                new RestartSuite(with(Mutant.UNPRIV_RESTART_AT_ONE)).runner(restart), new RestartSuite().runner(restart), 100, 60);
        assertEquals("workload check", d.instance(), () -> StepTable.describe(d));
        assertTrue(d.reason().contains("under ckpt_unpriv_allowed 1: expected EPERM"), d::reason);
    }

    @Test
    void aSelfRestartThatIgnoresTheGidIsCaughtByTheRestartWorkload() {
        Divergence d = caughtByRefinement(Mutant.TASKSELF_IGNORES_GID, "restart workload (RESTART_TASKSELF rules)",
                new RestartSuite(with(Mutant.TASKSELF_IGNORES_GID)).runner(restart), new RestartSuite().runner(restart), 100, 60);
        assertEquals("workload check", d.instance(), () -> StepTable.describe(d));
        assertTrue(d.reason().contains("another uid or gid than the image's"), d::reason);
    }

    @Test
    void aRestartThatSplitsASharedFdTableIsCaughtByRestartRefinement() {
        Divergence d = caughtByRefinement(Mutant.RESTORE_SPLITS_SHARED_FD_TABLE, "restart refinement",
                new RestartSuite(with(Mutant.RESTORE_SPLITS_SHARED_FD_TABLE)).runner(restart),
                new RestartSuite().runner(restart), 100, 60);
        // The second task of the shared table came back with a table of its own: RestoreTask gives the image's.
        assertEquals("RestoreTask", d.action().name(), () -> StepTable.describe(d));
        assertTrue(d.diff().stream().anyMatch(c -> c.where().startsWith("objs")), () -> StepTable.describe(d));
    }

    @Test
    void aPlannerThatForgetsChildrenBornBeforeSetsidIsCaughtByTheRoundTrip() {
        Mutant m = Mutant.PLANNER_FORGETS_BORN_BEFORE_SETSID;
        SplittableRandom random = new SplittableRandom(1);
        int limit = 500;
        for (int i = 1; i <= limit; i++) {
            List<Integer> codes = randomTree(random);
            if (!RoundTrip.run(with(m), codes, 30).ok()) {
                List<Integer> minimal = TraceShrinker.shrink(codes, c -> !RoundTrip.run(with(m), c, 30).ok());
                RoundTrip.Outcome caught = RoundTrip.run(with(m), minimal, 30);
                RoundTrip.Outcome sound = RoundTrip.run(minimal, 30);
                assertTrue(sound.ok(), () -> "the tree that caught " + m + " fails without it too: " + sound.problem());
                // The early child is made in its parent's new session: the restart fails, or the tree differs.
                assertTrue(caught.problem().startsWith("restart: ") || caught.problem().startsWith("restored tree differs"),
                        caught.problem());
                TABLE.add(m.name(), "round trip (expect same)", i + " trees",
                        minimal.size() + " operations (shrunk): " + firstLine(caught.problem()));
                return;
            }
        }
        TABLE.add(m.name(), "round trip (expect same)", "missed", "every one of " + limit + " trees came back equal");
        throw new AssertionError(m + " was not caught by the round trip in " + limit + " trees");
    }

    /**
     * The round trip's random trees (those of ./cr roundtrip, seed 1) on the mutant kernel: the first
     * tree that fails, shrunk; it must come back equal without the mutant, and what failed must be
     * the restored tree's line that shows {@code fact}.
     */
    static RoundTrip.Outcome caughtByRoundTripSweep(Mutant m, int limit, String fact) {
        for (int i = 0; i < limit; i++) {
            List<Integer> codes = RoundTripSweep.codes(1, i);
            if (!RoundTrip.run(with(m), codes, 30).ok()) {
                List<Integer> minimal = TraceShrinker.shrink(codes, c -> !RoundTrip.run(with(m), c, 30).ok());
                RoundTrip.Outcome caught = RoundTrip.run(with(m), minimal, 30);
                RoundTrip.Outcome sound = RoundTrip.run(minimal, 30);
                assertTrue(sound.ok(), () -> "the tree that caught " + m + " fails without it too: " + sound.problem());
                assertTrue(caught.problem().startsWith("restored tree differs") && caught.problem().contains(fact),
                        caught.problem());
                assertTrue(minimal.size() <= 6, () -> "not shrunk: " + minimal);
                TABLE.add(m.name(), "round trip (expect same)", (i + 1) + " trees",
                        minimal.size() + " operations (shrunk): " + firstLine(caught.problem()));
                return caught;
            }
        }
        TABLE.add(m.name(), "round trip (expect same)", "missed", "every one of " + limit + " trees came back equal");
        throw new AssertionError(m + " was not caught by the round trip in " + limit + " trees");
    }

    @Test
    void aRestartThatLosesAZombiesSignalIsCaughtByTheRoundTrip() {
        RoundTrip.Outcome o = caughtByRoundTripSweep(Mutant.ZOMBIE_SIGNAL_LOST, 50, "zombie(SIG");
        assertTrue(o.crs().stream().anyMatch(l -> l.startsWith("host kill ")), () -> String.join("\n", o.crs()));
    }

    @Test
    void aRestartThatDropsCloseOnExecIsCaughtByTheRoundTrip() {
        RoundTrip.Outcome o = caughtByRoundTripSweep(Mutant.CLOEXEC_DROPPED_ON_RESTORE, 50, "(cloexec)");
        assertTrue(o.crs().stream().anyMatch(l -> l.contains(" cloexec ")), () -> String.join("\n", o.crs()));
    }

    @Test
    void aRestartThatLosesFileOffsetsIsCaughtByTheRoundTrip() {
        RoundTrip.Outcome o = caughtByRoundTripSweep(Mutant.OFFSET_NOT_RESTORED, 50, "offset=");
        assertTrue(o.crs().stream().anyMatch(l -> l.contains(" seek ") || l.contains(" send ")), () -> String.join("\n", o.crs()));
    }

    @Test
    void aRestartThatLosesUidsIsCaughtByTheRoundTrip() {
        RoundTrip.Outcome o = caughtByRoundTripSweep(Mutant.UID_NOT_RESTORED, 50, "uid=");
        assertTrue(o.crs().stream().anyMatch(l -> l.contains(" uid ")), () -> String.join("\n", o.crs()));
    }

    @Test
    void aRestartThatRebuildsThreadsAsProcessesIsCaughtByTheRoundTrip() {
        RoundTrip.Outcome o = caughtByRoundTripSweep(Mutant.THREAD_RESTORED_AS_PROCESS, 50, "thread-of=");
        assertTrue(o.crs().stream().anyMatch(l -> l.endsWith(" thread")), () -> String.join("\n", o.crs()));
    }

    @Test
    void aRestartThatResumesBeforeTheTailIsCaughtByTheHostileImageProperty() {
        Mutant m = Mutant.RESTART_RESUMES_BEFORE_TAIL;
        SplittableRandom random = new SplittableRandom(2);
        List<byte[]> bases = RestartFuzzTest.bases(random, 10);
        int limit = 2000;
        for (int i = 1; i <= limit; i++) {
            byte[] bad = RestartFuzzTest.corrupt(bases.get(random.nextInt(bases.size())),
                    bases.get(random.nextInt(bases.size())), random);
            AssertionError verdict = null;
            try {
                RestartFuzzTest.assertRefusedCleanlyOrRestoredSoundly(with(m), bad, "image " + i);
            } catch (AssertionError e) {
                verdict = e;
            }
            if (verdict != null) {
                // Without the mutant the same image is refused, for its tail.
                RestartFuzzTest.Attempt sound = RestartFuzzTest.assertRefusedCleanlyOrRestoredSoundly(
                        KernelConfig.defaults(), bad, "image " + i);
                assertEquals(Errno.EINVAL, sound.result().errno(), sound.result()::toString);
                assertTrue(sound.result().reason().contains("TAIL"), sound.result()::toString);
                TABLE.add(m.name(), "restart fuzz (refused cleanly or restored soundly)", i + " images",
                        firstLine(verdict.getMessage()) + " (the sound kernel refuses it: " + sound.result().errno() + ")");
                return;
            }
        }
        TABLE.add(m.name(), "restart fuzz", "missed", "no corrupted image of " + limit + " exposed it");
        throw new AssertionError(m + " was not caught by the restart fuzz in " + limit + " images");
    }

    static List<Integer> randomTree(SplittableRandom random) {
        List<Integer> codes = new ArrayList<>();
        for (int k = 0, n = 10 + random.nextInt(110); k < n; k++) {
            codes.add(random.nextInt(RoundTrip.KINDS * 1024));
        }
        return codes;
    }

    static String firstLine(String s) {
        assertNotNull(s);
        String line = s.lines().findFirst().orElse("");
        return line.length() > 140 ? line.substring(0, 140) + "..." : line;
    }
}
