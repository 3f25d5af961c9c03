package org.croracle.oracle.restart;

import org.croracle.oracle.checkpointrestart.RoundTrip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.RestartContext;
import org.croracle.oracle.mutants.Mutant;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioRunner;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.CheckedStep;
import org.croracle.oracle.trace.Conformance;
import org.croracle.oracle.trace.Divergence;
import org.croracle.oracle.trace.InstanceCheck;
import org.croracle.oracle.trace.RefinementChecker;
import org.croracle.oracle.trace.StepTable;
import org.croracle.oracle.trace.TraceResult;
import org.croracle.oracle.trace.TraceRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whole restarts of the Java kernel, every step checked against Restart.tla by TLC. */
class RestartRefinementTest {

    static final Path SPECS = Path.of(System.getProperty("cr.specs", "../specs"));
    static SpecOracle oracle;

    @BeforeAll
    static void load() {
        oracle = new RestartSuite().loadOracle(SPECS);
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    /** A kernel checked against Restart.tla at every step. */
    static RefinementChecker watch(Kernel kernel) {
        return RefinementChecker.attach(oracle, new RestartSuite().binding(), kernel);
    }

    /** The restarts of a kernel that the binding checks and does not check, counted as they happen. */
    static RestartTally tally(Kernel kernel) {
        RestartTally t = new RestartTally();
        kernel.addStepListener(t);
        return t;
    }

    static List<Path> scenariosWithARestart() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(SPECS.resolve("../examples").normalize(), SPECS.resolve("../regressions").normalize())) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".crs")).sorted().toList()) {
                    if (Files.readAllLines(f).stream().anyMatch(l -> l.strip().startsWith("restart "))) {
                        out.add(f);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyRestartOfTheExamplesAndRegressionsIsAStepByStepRunOfRestart() throws Exception {
        int checked = 0;
        long steps = 0;
        Map<String, Integer> skipped = new TreeMap<>();
        Map<String, Integer> actions = new TreeMap<>();
        long t0 = System.nanoTime();
        List<Path> files = scenariosWithARestart();
        for (Path f : files) {
            Kernel kernel = new Kernel();
            RefinementChecker c = watch(kernel);
            RestartTally b = tally(kernel);
            ScenarioRunner.run(kernel, ScenarioParser.parse(f.toString(), Files.readString(f)));
            assertTrue(c.divergence().isEmpty(), () -> f + ":\n" + StepTable.describe(c.divergence().get()));
            checked += b.checked();
            steps += b.steps();
            b.skipped().forEach((why, n) -> skipped.merge(why, n, Integer::sum));
            restartActions(c.steps()).forEach(a -> actions.merge(a, 1, Integer::sum));
        }
        System.out.printf("RestartRefinementTest: %d scenarios, %d restarts checked (%d steps), not checked %s, actions %s,"
                + " %.1f s%n", files.size(), checked, steps, skipped, actions, (System.nanoTime() - t0) / 1e9);
        assertTrue(checked >= 10, "only " + checked + " restarts checked");
        // F3's placeholders and their adopters' flags, a subreaper restored, a keeper of a moved group's leader
        for (String a : List.of("PlaceholderExit", "SetSubreaperFlag", "GhostExit", "ZombieExit", "Setpgid")) {
            assertTrue(actions.containsKey(a), "no example or regression makes a restart step " + a + ": " + actions);
        }
    }

    /**
     * Random container trees (RoundTrip's generator, without CLONE_NEWPID inside the container:
     * Restart.tla has no nested namespace), frozen, checkpointed, destroyed and restarted: every
     * restart is checked step by step, and comes back equal.
     */
    @Test
    void theRestartOfEveryRandomTreeIsAStepByStepRunOfRestart() {
        int[] restarts = {0};
        long[] steps = {0};
        Map<String, Integer> actions = new TreeMap<>();
        long t0 = System.nanoTime();
        qt().withFixedSeed(20260314L).withExamples(300).withShrinkCycles(50)
                .forAll(lists().of(integers().between(0, RoundTrip.KINDS * 1024 - 1)).ofSizeBetween(0, 100))
                .checkAssert(codes -> {
                    Kernel kernel = new Kernel();
                    RefinementChecker c = watch(kernel);
                    RestartTally b = tally(kernel);
                    RoundTrip.Outcome o = new RoundTrip(kernel, 25).go(withoutNestedNamespacesOrThreads(codes));
                    assertTrue(c.divergence().isEmpty(), () -> StepTable.describe(c.divergence().get()));
                    assertTrue(o.ok(), o::problem);
                    restarts[0] += b.checked();
                    steps[0] += b.steps();
                    restartActions(c.steps()).forEach(a -> actions.merge(a, 1, Integer::sum));
                });
        System.out.printf("RestartRefinementTest: random trees: %d restarts checked (%d steps), actions %s, %.1f s%n",
                restarts[0], steps[0], actions, (System.nanoTime() - t0) / 1e9);
        assertTrue(restarts[0] >= 250, "only " + restarts[0] + " of 300 trees were restarted and checked");
    }

    /**
     * RoundTrip's codes with the CLONE_NEWPID and CLONE_THREAD bits of its forks cleared (bits 7 and
     * 8 of a fork's selector): Restart.tla has neither nested namespaces nor threads.
     */
    static List<Integer> withoutNestedNamespacesOrThreads(List<Integer> codes) {
        return codes.stream().map(code -> {
            int kind = code % RoundTrip.KINDS;
            int sel = code / RoundTrip.KINDS;
            return kind <= 2 ? kind + RoundTrip.KINDS * (sel & ~(1 << 7) & ~(1 << 8)) : code;
        }).toList();
    }

    /**
     * The restart workload (./cr conform --spec restart): random trees with kills and subreapers,
     * round trips with and without RESTART_FROZEN, restarts of restarted trees.
     */
    @Test
    void theRestartWorkloadConforms() {
        TraceRunner runner = new RestartSuite().runner(oracle);
        long t0 = System.nanoTime();
        Map<String, Integer> actions = new TreeMap<>();
        for (int i = 0; i < 60; i++) {
            TraceResult r = runner.run(Conformance.codes(runner.workload(), 60, new java.util.SplittableRandom(i)));
            assertTrue(r.conforms(), () -> StepTable.describe(r.divergence().get()));
            restartActions(r.steps()).forEach(a -> actions.merge(a, 1, Integer::sum));
        }
        System.out.printf("RestartRefinementTest: workload: actions checked %s, %.1f s%n", actions,
                (System.nanoTime() - t0) / 1e9);
        for (String a : List.of("Create", "Setsid", "Setpgid", "BeginRestore", "RestoreTask", "ZombieExit", "GhostExit",
                "Freeze", "Resume")) {
            assertTrue(actions.getOrDefault(a, 0) > 0, "the workload never made a restart step " + a + ": " + actions);
        }
    }

    /**
     * A fault injected at every step of a restart (as RestartTest does), with and without
     * RESTART_FROZEN, in trees with ghosts, a keeper, placeholders and a subreaper: InjectFault,
     * then Cleanup, every time.
     */
    @Test
    void aFaultAtEveryStepOfARestartIsInjectFaultThenCleanup() throws Exception {
        int faults = 0;
        for (String name : List.of("restart-brief-example", "restart-orphan-subreaper", "restart-group-leader-moved")) {
            Path f = SPECS.resolve("../examples/" + name + ".crs").normalize();
            for (boolean frozen : new boolean[] {false, true}) {
                String text = Files.readString(f).replaceAll("(?m)^(restart \\S+ as=r)$", "$1" + (frozen ? " frozen" : ""));
                for (int at = 0; ; at++) {
                    final int step = at;
                    Kernel kernel = new Kernel(KernelConfig.defaults().withRestartFaults(i -> i == step ? Errno.ENOMEM : null));
                    RefinementChecker c = watch(kernel);
                    ScenarioResult r = ScenarioRunner.run(kernel, ScenarioParser.parse(f.toString(), text));
                    assertTrue(c.divergence().isEmpty(),
                            () -> name + ", fault at " + step + ":\n" + StepTable.describe(c.divergence().get()));
                    List<String> names = restartActions(c.steps());
                    if (r.passed()) {
                        assertTrue(names.contains("Resume") && names.contains("Freeze") == frozen, names::toString);
                        assertTrue(at > 5, name + ": the restart has " + at + " steps");
                        break;
                    }
                    faults++;
                    if (at > 0) { // at 0 the restart fails before its init exists: nothing to check
                        assertEquals(List.of("InjectFault", "Cleanup"), names.subList(names.size() - 2, names.size()),
                                name + ", fault at " + at + ": " + names);
                    }
                }
            }
        }
        System.out.printf("RestartRefinementTest: %d restarts with an injected fault, each InjectFault then Cleanup%n", faults);
        assertTrue(faults > 50, faults + " faults");
    }

    /**
     * A planted bug: the ghosts exit as soon as the tree is built, before the tasks restore. The
     * restored tree is the same (the scenario's expect same holds), so only the restart's steps
     * show it: GhostExit is not a step of Restart before every task is restored.
     */
    @Test
    void ghostsThatExitBeforeTheRestoreAreRejected() throws Exception {
        Path f = SPECS.resolve("../examples/restart-dead-session-leader.crs").normalize();
        Kernel kernel = new Kernel(Mutant.GHOSTS_EXIT_BEFORE_RESTORE.plant(KernelConfig.defaults()));
        RefinementChecker c = watch(kernel);
        ScenarioResult r = ScenarioRunner.run(kernel, ScenarioParser.parse(f.toString(), Files.readString(f)));
        assertTrue(r.passed(), () -> "the planted bug changes the restored tree: " + r.failures());
        Divergence d = c.divergence().orElseThrow(() -> new AssertionError("the early ghost exit was not noticed"));
        System.out.println("RestartRefinementTest: GHOSTS_EXIT_BEFORE_RESTORE:\n" + StepTable.describe(d));
        assertEquals(Ops.EXIT, d.step().op());
        assertEquals("GhostExit", d.action().name());
        assertTrue(d.reason().contains("GhostExit does not allow this step"), d.reason());
        assertEquals("creating", ((org.croracle.model.tla.TlaValue.Str) d.before().get("phase")).value());
        Kernel sound = new Kernel();
        RefinementChecker ok = watch(sound);
        ScenarioRunner.run(sound, ScenarioParser.parse(f.toString(), Files.readString(f)));
        assertTrue(ok.divergence().isEmpty(), () -> StepTable.describe(ok.divergence().get()));
    }

    /**
     * A hand-corrupted restart: its recorded steps replayed without restore_begin, and in every
     * state the context's record of it taken out, so the first task restores before the
     * coordinator began the restore: RestoreTask is not a step of Restart before BeginRestore.
     */
    @Test
    void aRestoreBeforeTheCoordinatorBeganItIsRejected() throws Exception {
        Path f = SPECS.resolve("../examples/restart-dead-session-leader.crs").normalize();
        Kernel kernel = new Kernel();
        List<Object[]> recorded = new ArrayList<>();
        KernelState first = kernel.state();
        kernel.addStepListener((before, step, after) -> recorded.add(new Object[] {before, step, after}));
        ScenarioRunner.run(kernel, ScenarioParser.parse(f.toString(), Files.readString(f)));
        RefinementChecker c = new RefinementChecker(oracle, new RestartSuite().binding());
        c.start(first);
        Map<KernelState, KernelState> corrupted = new java.util.IdentityHashMap<>();
        for (Object[] t : recorded) {
            Step step = (Step) t[1];
            if (step.op().equals(Ops.RESTORE_BEGIN)) {
                continue; // the corruption
            }
            c.onStep(notBegun((KernelState) t[0], corrupted), step, notBegun((KernelState) t[2], corrupted));
        }
        Divergence d = c.divergence().orElseThrow(() -> new AssertionError("a restore without restore_begin passed"));
        System.out.println("RestartRefinementTest: restore_begin left out:\n" + StepTable.describe(d));
        assertEquals(Ops.RESTORE_TASK, d.step().op());
        assertEquals("RestoreTask", d.action().name());
    }

    /** The state with its restart context as if restore_begin had not happened (the same object for the same state). */
    private static KernelState notBegun(KernelState s, Map<KernelState, KernelState> corrupted) {
        return corrupted.computeIfAbsent(s, k -> {
            RestartContext r = k.restart();
            if (r == null || !r.began()) {
                return k;
            }
            return k.withRestart(new RestartContext(r.caller(), r.cgroup(), r.flags(), r.saved(), r.plan(), r.position(),
                    r.refused(), r.pids(), r.ns(), r.cursor(), r.objects(), r.paths(), r.restored(), r.exited(), false,
                    r.resumed(), r.ended(), r.error(), r.message()));
        });
    }

    /**
     * The state before the init's creation is Init with the Java plan (OracleInit), and a plan
     * that does not restore every saved task is not.
     */
    @Test
    void theFirstStateIsInitWithTheJavaPlan() throws Exception {
        Path f = SPECS.resolve("../examples/restart-brief-example.crs").normalize();
        Kernel kernel = new Kernel();
        List<KernelState> entered = new ArrayList<>();
        kernel.addStepListener((before, step, after) -> {
            if (step.op().equals(Ops.RESTART)) {
                entered.add(after);
            }
        });
        ScenarioRunner.run(kernel, ScenarioParser.parse(f.toString(), Files.readString(f)));
        KernelState first = entered.get(0);
        RestartAbstraction.Given given = RestartAbstraction.Given.of(first.restart());
        org.croracle.model.restart.RestartState.Plan plan = given.plan();
        org.croracle.model.restart.RestartState init = RestartAbstraction.of(given, first.restart(), first);
        assertTrue(oracle.init(init.toTla()).holds(), () -> oracle.init(init.toTla()).reason());
        org.croracle.model.restart.RestartState.Plan missing = new org.croracle.model.restart.RestartState.Plan(
                plan.steps(), plan.image().subList(0, plan.image().size() - 1), plan.kind(), plan.rule(), plan.live(),
                plan.at());
        org.croracle.model.restart.RestartState bad = new org.croracle.model.restart.RestartState(init.saved(),
                false, missing, 1, init.proc(), init.held(), init.stage(), 0, "creating", "none", init.illegal(), false,
                init.imageObjs(), init.objs());
        assertTrue(!oracle.init(bad.toTla()).holds(), "a plan that restores one task less passed Init");
    }

    /** The restart actions a trace's steps were checked as, in order. */
    static List<String> restartActions(List<CheckedStep> steps) {
        List<String> out = new ArrayList<>();
        for (CheckedStep s : steps) {
            for (InstanceCheck c : s.checks()) {
                if (c.spec().equals("restart") && c.action() != null) {
                    out.add(c.action().name());
                }
            }
        }
        return out;
    }
}
