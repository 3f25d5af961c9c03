package org.croracle.oracle.eclone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.croracle.impl.kernel.Errno;
import org.croracle.oracle.mutants.Mutant;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.pid.AllocPid;
import org.croracle.oracle.tlc.FalseConjunct;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.Conformance;
import org.croracle.oracle.trace.Divergence;
import org.croracle.oracle.trace.RefinementChecker;
import org.croracle.oracle.trace.StepTable;
import org.croracle.oracle.trace.TraceAssertions;
import org.croracle.oracle.trace.TraceResult;
import org.croracle.oracle.trace.TraceRunner;
import org.croracle.oracle.trace.TraceShrinker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PID namespaces and eclone on the kernel, every step checked against Eclone.tla by TLC. */
class EcloneRefinementTest {

    static SpecOracle oracle;

    @BeforeAll
    static void load() {
        oracle = new EcloneSuite().loadOracle(Path.of(System.getProperty("cr.specs", "../specs")));
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    static RefinementChecker check(KernelConfig config, Consumer<Kernel> script) {
        Kernel k = new Kernel(config);
        RefinementChecker checker = RefinementChecker.attach(oracle, new EcloneBinding(), k);
        script.accept(k);
        return checker;
    }

    static void assertConforms(RefinementChecker checker) {
        assertTrue(checker.divergence().isEmpty(), () -> checker.divergence().map(StepTable::describe).orElse(""));
    }

    static TraceRunner runner(KernelConfig config) {
        return new EcloneSuite(config).runner(oracle);
    }

    @Test
    void everyErrnoOfEcloneIsTheOneTheSpecGives() {
        RefinementChecker checker = check(KernelConfig.defaults(), k -> {
            int c = k.fork(1, ForkOptions.NEWPID).value();
            int d = k.fork(c, ForkOptions.PLAIN).value();
            assertEquals(Errno.EINVAL, k.eclone(c, ForkOptions.PLAIN, List.of(1, 2, 3)).errno());
            assertEquals(Errno.EINVAL, k.eclone(c, ForkOptions.PLAIN, List.of(-1)).errno());
            assertEquals(Errno.EINVAL, k.eclone(c, ForkOptions.PLAIN, List.of(40000)).errno());
            assertEquals(Errno.EBUSY, k.eclone(c, ForkOptions.PLAIN, List.of(2)).errno());
            assertEquals(Errno.EBUSY, k.eclone(c, ForkOptions.PLAIN, List.of(3, 600)).errno());
            assertTrue(k.eclone(c, ForkOptions.NEWPID, List.of(700, 600)).isOk());
            k.setuid(d, 1000);
            assertEquals(Errno.EPERM, k.eclone(d, ForkOptions.PLAIN, List.of(0, 650)).errno());
            assertEquals(Errno.EPERM, k.fork(d, ForkOptions.NEWPID).errno());
            k.exit(d, 4);
            assertEquals(Errno.ECHILD, k.wait(1, d).errno());
            assertEquals(4, k.wait(c, d).value().code());
            assertEquals(Errno.EAGAIN, k.wait(1, c).errno());
            k.exit(c, 0);
            k.wait(1, c);
        });
        assertConforms(checker);
        assertTrue(checker.checkedSteps() >= 17);
    }

    /** CLONE_THREAD, with the CLONE_SIGHAND and CLONE_VM it needs. */
    static final ForkOptions THREAD = new ForkOptions(null, false, false, false, true, false, true, true);

    @Test
    void threadGroupsRefineEclonesThreadRules() {
        RefinementChecker checker = check(KernelConfig.defaults(), k -> {
            int a = k.fork(1, ForkOptions.PLAIN).value();
            int t = k.fork(a, THREAD).value();             // a thread of a: a's parent, a's tgid
            int c = k.fork(t, ForkOptions.PLAIN).value();  // the thread's child
            assertEquals(Errno.EINVAL, k.fork(t, new ForkOptions(null, true, false, false, true, false, true, true)).errno());
            assertTrue(k.setsid(t).isOk());                // the whole group moves, named after a
            assertEquals(Errno.EINVAL, k.setpgid(t, 0, 0).errno()); // t leads no group
            k.exit(a, 0);                                  // a zombie while t lives
            assertEquals(Errno.EAGAIN, k.wait(1, a).errno());
            k.exit(t, 0);                                  // released at once; c goes to host
            assertEquals(1, k.state().tasks().get(c).ppid());
            assertTrue(k.wait(1, a).isOk());
            int init = k.fork(1, ForkOptions.NEWPID).value();
            int it = k.fork(init, THREAD).value();         // a thread of an init: allowed
            assertEquals(Errno.EINVAL, k.fork(it, new ForkOptions(null, false, true)).errno()); // CLONE_PARENT: not
            k.exit(it, 0);
        });
        assertConforms(checker);
        assertTrue(checker.checkedSteps() >= 14);
    }

    @Test
    void aKernelConfiguredUnlikeTheSpecDivergesAtTheStepThatShowsIt() {
        // The oracle's constants are Linux's (pid_max 32768, MAX_PID_NS_LEVEL 32); EAGAIN with a small
        // pid_max is covered by the model (MCEclone) and by impl's EcloneTest.
        RefinementChecker checker = check(new KernelConfig(32768, 2, new org.croracle.impl.freezer.LinuxFreezer(),
                new AllocPid(), KernelConfig.RestartFaults.NONE), k -> {
            int a = k.fork(1, ForkOptions.NEWPID).value();
            int b = k.fork(a, ForkOptions.NEWPID).value();
            assertEquals(Errno.ENOSPC, k.fork(b, ForkOptions.NEWPID).errno());
        });
        // The oracle's MaxLevel is Linux's 32: a kernel configured with 2 must diverge at the ENOSPC.
        Divergence d = checker.divergence().orElseThrow();
        assertEquals("CloneFail", d.action().name());
    }

    @Test
    void aLeakingAllocatorIsCaughtAtTheFirstWrongStep() {
        RefinementChecker checker = check(Mutant.ECLONE_NO_ROLLBACK.plant(KernelConfig.defaults()), k -> {
            int c = k.fork(1, ForkOptions.NEWPID).value();
            k.fork(c, ForkOptions.PLAIN);
            k.eclone(c, ForkOptions.PLAIN, List.of(2, 0)); // level 1 gets a pid, then level 0 is busy
            k.fork(1, ForkOptions.PLAIN);
        });
        Divergence d = checker.divergence().orElseThrow(() -> new AssertionError("the leak was not caught"));
        assertEquals(3, d.step().index(), StepTable.describe(d));
        assertEquals("CloneFail", d.action().name());
        assertTrue(StepTable.describe(d).contains("pidmap[1]: {1, 2} -> {1, 2, 3}"), StepTable.describe(d));
    }

    @Test
    void aSetsidThatIgnoresTheLeftGroupNamesSetSidsPreconditionAndTheGroupMember() {
        RefinementChecker checker = check(Mutant.SETSID_IGNORES_LEFT_GROUP.plant(KernelConfig.defaults()), k -> {
            int a = k.fork(1, ForkOptions.PLAIN).value();
            k.setpgid(a, 0, 0);                   // a leads group a
            int b = k.fork(a, ForkOptions.PLAIN).value();
            k.setpgid(a, a, 1);                   // a joins host's group; b keeps group a alive
            assertTrue(k.setsid(a).isOk(), "the planted bug lets the setsid through");
            assertEquals(3, b);
        });
        Divergence d = checker.divergence().orElseThrow(() -> new AssertionError("the planted bug was not caught"));
        assertEquals("SetSid", d.action().name());
        FalseConjunct why = d.falseConjunct().orElseThrow(() -> new AssertionError(StepTable.describe(d)));
        assertEquals("~\\E u \\in DOMAIN task : task[u].pgid = L", why.text());
        assertTrue(why.precondition());
        assertTrue(why.where().matches("Eclone\\.tla line \\d+"), why.where());
        assertEquals(List.of("DOMAIN task = {1, 2, 3}", "u = 3 (the first that makes the conjunct false)",
                "task[u].pgid = 2", "L = 2"), why.values());
    }

    @Test
    void aCloneFailThatAllocatedNamesTheUnchangedConjunct() {
        RefinementChecker checker = check(Mutant.ECLONE_NO_ROLLBACK.plant(KernelConfig.defaults()), k -> {
            int c = k.fork(1, ForkOptions.NEWPID).value();
            k.fork(c, ForkOptions.PLAIN);
            k.eclone(c, ForkOptions.PLAIN, List.of(2, 0));
        });
        Divergence d = checker.divergence().orElseThrow();
        FalseConjunct why = d.falseConjunct().orElseThrow(() -> new AssertionError(StepTable.describe(d)));
        // CloneFail is enabled (EBUSY is the right answer); what it forbids is the changed pidmap.
        assertFalse(why.precondition(), why.toString());
        assertTrue(why.text().contains("pidmap"), why.toString());
    }

    @Test
    void theKernelRefinesEcloneOnRandomTraces() {
        TraceRunner runner = runner(KernelConfig.defaults());
        qt().withFixedSeed(3L).withExamples(1000).withShrinkCycles(50)
                .forAll(lists().of(integers().between(0, runner.workload().codeBound() - 1)).ofSizeBetween(30, 50))
                .checkAssert(codes -> assertEquals(codes.size(),
                        TraceAssertions.assertConforms(runner, codes).checkedSteps(), "every operation is one checked step"));
    }

    @Test
    void theWorkloadReachesEveryActionAndEveryErrno() {
        TraceRunner runner = runner(KernelConfig.defaults());
        TreeSet<String> seen = new TreeSet<>();
        for (int i = 0; i < 300; i++) {
            TraceResult r = runner.run(Conformance.codes(runner.workload(), 50, new SplittableRandom(i)));
            assertTrue(r.conforms(), () -> StepTable.render(r));
            r.steps().forEach(cs -> cs.checks().forEach(c -> {
                seen.add(c.action().name());
                if (c.action().name().endsWith("Fail")) {
                    seen.add(c.action().name() + " " + c.action().args().get(c.action().args().size() - 1));
                }
            }));
        }
        for (String expected : List.of("Clone", "CloneFail", "Exit", "NamespaceInitExit", "Wait", "WaitFail",
                "DropPrivilege", "SetSubreaper", "SetSid", "SetPgid", "SetPgidFail", "OtherStep", "CloneFail \"EINVAL\"", "CloneFail \"EBUSY\"", "CloneFail \"EPERM\"",
                "WaitFail \"ECHILD\"", "WaitFail \"EAGAIN\"")) {
            assertTrue(seen.contains(expected), expected + " never exercised; seen " + seen);
        }
    }

    @Test
    void aLeakFoundByRandomTracesShrinksToAFewSteps() {
        TraceRunner runner = runner(Mutant.ECLONE_NO_ROLLBACK.plant(KernelConfig.defaults()));
        List<Integer> failing = null;
        for (int i = 0; failing == null && i < 500; i++) {
            List<Integer> codes = Conformance.codes(runner.workload(), 50, new SplittableRandom(i));
            if (!runner.run(codes).conforms()) {
                failing = codes;
            }
        }
        assertTrue(failing != null, "random traces never hit the leak");
        TraceResult minimal = runner.run(TraceShrinker.shrink(failing, c -> !runner.run(c).conforms()));
        assertTrue(minimal.steps().size() <= 8, StepTable.render(minimal));
        assertEquals(minimal.steps().size(), minimal.divergence().orElseThrow().step().index(), "it diverges at its last step");
        assertEquals("CloneFail", minimal.divergence().orElseThrow().action().name());
    }
}
