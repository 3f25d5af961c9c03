package org.croracle.oracle.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.croracle.impl.freezer.Freezer;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.freezer.LinuxFreezer;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.kernel.Result;
import org.croracle.oracle.tlc.FalseConjunct;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.Divergence;
import org.croracle.oracle.trace.RefinementChecker;
import org.croracle.oracle.trace.StepTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hand-written traces through the freezer, each step checked against Freeze.tla by TLC. */
class FreezeRefinementTest {

    static SpecOracle oracle;

    @BeforeAll
    static void load() {
        oracle = new FreezeSuite().loadOracle(Path.of(System.getProperty("cr.specs", "../specs")));
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    /** Runs {@code script} on a kernel with the given freezer, every step checked. */
    static RefinementChecker check(Freezer freezer, Consumer<Kernel> script) {
        Kernel k = new Kernel(KernelConfig.defaults().withFreezer(freezer));
        RefinementChecker checker = RefinementChecker.attach(oracle, new FreezeBinding(), k);
        script.accept(k);
        return checker;
    }

    /** host forks c into cgroup box, box starts freezing, c forks d. */
    static void forkWhileFreezing(Kernel k) {
        int c = k.fork(k.hostPid(), ForkOptions.intoCgroup("box")).value();
        k.freezerWrite("box", FreezerState.FROZEN);
        k.fork(c, ForkOptions.PLAIN);
    }

    /** The actions the checker took for the steps of this op, as "instance: Action(args)". */
    static List<String> actionsOf(RefinementChecker checker, String op) {
        return checker.steps().stream().filter(s -> s.step().op().equals(op))
                .flatMap(s -> s.checks().stream()).filter(c -> c.action() != null)
                .map(c -> c.instance() + ": " + c.action()).toList();
    }

    @Test
    void cgroupProcsMovesAreAttachGroupDetachAndAttachBusy() {
        RefinementChecker checker = check(new LinuxFreezer(), k -> {
            int a = k.fork(k.hostPid(), ForkOptions.intoCgroup("box")).value();
            int t = k.fork(a, new ForkOptions(null, false, false, true, true, true, true, true)).value();
            k.sleepBegin(t);
            k.attach(k.hostPid(), a, "other");     // the group moves, t asleep
            k.sleepEnd(t);
            k.freeze("box");
            assertEquals(Errno.EBUSY, k.attach(k.hostPid(), a, "box").errno());
            assertEquals(Errno.EBUSY, k.attach(k.hostPid(), k.hostPid(), "box").errno());
            k.freeze("other");
            assertEquals(Errno.EBUSY, k.attach(k.hostPid(), a, "/").errno());
        });
        assertTrue(checker.divergence().isEmpty(), () -> StepTable.describe(checker.divergence().get()));
        List<String> actions = actionsOf(checker, "attach");
        assertTrue(actions.contains("other: AttachGroup({2, 3}, {3})"), actions::toString);
        assertTrue(actions.contains("box: Detach({2, 3})"), actions::toString);
        assertTrue(actions.contains("box: AttachBusy"), actions::toString);
        assertEquals(4, actions.size(), () -> "leaving a FROZEN cgroup is no step of it: " + actions);
    }

    @Test
    void theLinuxFreezerRefinesFreezeThroughAFullCheckpointCycle() {
        RefinementChecker checker = check(new LinuxFreezer(), k -> {
            int host = k.hostPid();
            int c = k.fork(host, ForkOptions.intoCgroup("box")).value();
            int a = k.fork(c, ForkOptions.PLAIN).value();
            int z = k.fork(c, ForkOptions.PLAIN).value();
            k.exit(z, 3);
            k.sleepBegin(a);                                   // a vfork parent: delays FROZEN
            assertEquals(FreezerState.FREEZING, k.freezerWrite("box", FreezerState.FROZEN).value());
            int b = k.fork(c, ForkOptions.PLAIN).value();       // c has not reached the refrigerator: b is frozen at birth
            k.pendingRefrigerations().forEach(k::refrigerate);
            assertFalse(k.freezerRead("box").value().settled(), "a sleeper keeps the cgroup FREEZING");
            assertEquals(Errno.EBUSY, k.freezerBeginCheckpoint("box").errno(), "not frozen yet: EBUSY, no hang");
            assertEquals(Errno.EBUSY, k.fork(host, ForkOptions.intoCgroup("box")).errno(), "no attach unless THAWED");
            k.sleepEnd(a);
            k.refrigerate(a);
            assertTrue(k.freezerRead("box").value().settled());
            assertEquals(Result.Status.BLOCKED, k.fork(b, ForkOptions.PLAIN).status(), "a frozen task takes no step");
            assertTrue(k.freezerBeginCheckpoint("box").isOk());
            assertEquals(Errno.EBUSY, k.freezerWrite("box", FreezerState.THAWED).errno());
            assertEquals(Errno.EBUSY, k.freezerBeginCheckpoint("box").errno(), "a second checkpoint gets EBUSY");
            assertTrue(k.freezerEndCheckpoint("box").isOk());
            k.freezerWrite("box", FreezerState.THAWED);
            assertEquals(3, k.wait(c, z).value().code());
            k.getppid(b);
        });
        assertTrue(checker.divergence().isEmpty(), () -> checker.divergence().map(StepTable::describe).orElse(""));
        assertTrue(checker.checkedSteps() >= 18, "every step was checked: " + checker.checkedSteps());
    }

    @Test
    void aChildBornRunningWhileFreezingIsCaughtAtTheFork() {
        RefinementChecker checker = check(new BrokenFreezers.BornRunning(), FreezeRefinementTest::forkWhileFreezing);
        Divergence d = checker.divergence().orElseThrow(() -> new AssertionError("the oracle missed the bug"));
        assertEquals(3, d.step().index(), "first diverging step");
        assertEquals("Fork", d.action().name());
        assertEquals("box", d.instance());
        String report = StepTable.describe(d);
        assertTrue(report.contains("tstate[3]: (absent) -> \"running\""), report);
        assertTrue(report.contains("tstate[3]: \"running\" -> \"frozen\""), "what the spec would give:\n" + report);
    }

    @Test
    void theSameTraceConformsWithTheRealFreezer() {
        assertTrue(check(new LinuxFreezer(), FreezeRefinementTest::forkWhileFreezing).divergence().isEmpty());
    }

    @Test
    void aSleeperCountedAsFrozenIsCaughtAtTheSettle() {
        RefinementChecker checker = check(new BrokenFreezers.IgnoresSleepers(), k -> {
            int c = k.fork(k.hostPid(), ForkOptions.intoCgroup("box")).value();
            k.sleepBegin(c);
            k.freeze("box");
        });
        Divergence d = checker.divergence().orElseThrow();
        assertEquals("Settle", d.action().name());
    }

    @Test
    void aThawDuringCheckpointIsCaughtAtTheWrite() {
        RefinementChecker checker = check(new BrokenFreezers.ThawsWhileCheckpointing(), k -> {
            k.fork(k.hostPid(), ForkOptions.intoCgroup("box"));
            k.freeze("box");
            k.freezerBeginCheckpoint("box");
            k.freezerWrite("box", FreezerState.THAWED);
        });
        Divergence d = checker.divergence().orElseThrow();
        assertEquals("WriteThawed", d.action().name());
        assertFalse(d.allowedBy().contains("WriteThawed"));
        // Why: WriteThawed's first conjunct, in Freeze.tla's words, with the freezer's value.
        FalseConjunct why = d.falseConjunct().orElseThrow(() -> new AssertionError(StepTable.describe(d)));
        assertEquals("freezer \\in {\"THAWED\", \"FREEZING\", \"FROZEN\"}", why.text());
        assertEquals("Freeze.tla line " + line("WriteThawed ==", 1), why.where());
        assertTrue(why.precondition());
        assertEquals(List.of("freezer = \"CHECKPOINTING\""), why.values());
        String report = StepTable.describe(d);
        assertTrue(report.contains("the spec's WriteThawed is not enabled in the state before the step: its precondition\n"
                + "      freezer \\in {\"THAWED\", \"FREEZING\", \"FROZEN\"}   (Freeze.tla line"), report);
    }

    @Test
    void aSettleWithASleeperNamesAllFrozenAndTheSleeper() {
        RefinementChecker checker = check(new BrokenFreezers.IgnoresSleepers(), k -> {
            int c = k.fork(k.hostPid(), ForkOptions.intoCgroup("box")).value();
            k.sleepBegin(c);
            k.freeze("box");
        });
        Divergence d = checker.divergence().orElseThrow();
        FalseConjunct why = d.falseConjunct().orElseThrow(() -> new AssertionError(StepTable.describe(d)));
        assertTrue(why.precondition(), why.toString());
        assertEquals(List.of("AllFrozen (Freeze.tla line " + line("Settle ==", 2) + ")"), why.via(), why.toString());
        assertTrue(why.values().stream().anyMatch(v -> v.matches("t = \\d+ \\(the first that makes the conjunct false\\)")),
                why.toString());
    }

    @Test
    void aChildBornRunningNamesTheConjunctThatSetsItsState() {
        RefinementChecker checker = check(new BrokenFreezers.BornRunning(), FreezeRefinementTest::forkWhileFreezing);
        Divergence d = checker.divergence().orElseThrow();
        FalseConjunct why = d.falseConjunct().orElseThrow(() -> new AssertionError(StepTable.describe(d)));
        // Fork is enabled (the parent may run): the step is wrong, not illegal.
        assertFalse(why.precondition(), why.toString());
        assertEquals("tstate' = WithNew(c, IF Freezing THEN \"frozen\" ELSE \"running\")", why.text());
        assertTrue(why.values().contains("Freezing = TRUE"), why.toString());
        assertTrue(why.values().contains("c = 3"), why.toString());
        assertTrue(StepTable.describe(d).contains("the spec's Fork(2, 3) is enabled, but does not allow this step"),
                StepTable.describe(d));
    }

    /** The line of Freeze.tla that is {@code offset} lines below the one starting with {@code start}. */
    static int line(String start, int offset) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(
                    Path.of(System.getProperty("cr.specs", "../specs"), "freeze", "Freeze.tla"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(start)) {
                    return i + 1 + offset;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("Freeze.tla has no line " + start);
    }
}
