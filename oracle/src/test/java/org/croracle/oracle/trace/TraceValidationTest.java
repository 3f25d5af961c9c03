package org.croracle.oracle.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.scenario.Scenario;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioRunner;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;
import org.croracle.oracle.concurrentcheckpoint.ConcurrentCheckpointSuite;
import org.croracle.oracle.freeze.FreezeBinding;
import org.croracle.oracle.freeze.FreezeSuite;
import org.croracle.oracle.mutants.Mutant;
import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.restart.RestartSuite;
import org.croracle.oracle.sharedobjects.SharedObjectsSuite;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.tlc.TlcModelChecker;
import org.junit.jupiter.api.Test;

/**
 * Trace validation with one TLC process per trace: the spec's trace module accepts what the
 * kernel did and rejects a log with one state changed, at the step that leads to it.
 */
class TraceValidationTest {

    static final Path SPECS = Path.of(System.getProperty("cr.specs", "../specs")).toAbsolutePath().normalize();
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    static TraceValidation validation(SpecSuite suite) {
        return new TraceValidation(new TlcModelChecker(), suite.dir(SPECS), suite.traceModule().orElseThrow(), TIMEOUT);
    }

    /**
     * A freeze cycle of cgroup box: c attached, a and z forked, z exits, FROZEN written, both
     * refrigerated, settled, checkpointed (a thaw refused meanwhile), thawed, z reaped.
     */
    static TraceLog freezeCycle() {
        Kernel k = new Kernel();
        TraceRecorder recorder = TraceRecorder.attach(k);
        freezeCycle(k);
        return recorder.log(new FreezeBinding());
    }

    /** The cycle's calls on kernel {@code k}. */
    static void freezeCycle(Kernel k) {
        int c = k.fork(k.hostPid(), ForkOptions.intoCgroup("box")).value();
        int a = k.fork(c, ForkOptions.PLAIN).value();
        int z = k.fork(c, ForkOptions.PLAIN).value();
        k.exit(z, 3);
        k.freezerWrite("box", FreezerState.FROZEN);
        k.pendingRefrigerations().forEach(k::refrigerate);
        k.freezerRead("box");
        k.freezerBeginCheckpoint("box");
        k.freezerWrite("box", FreezerState.THAWED);
        k.freezerEndCheckpoint("box");
        k.freezerWrite("box", FreezerState.THAWED);
        k.wait(c, z);
        k.getppid(a);
    }

    /** The log with one variable of one instance changed in state {@code index} (0: before the first step). */
    static TraceLog tamper(TraceLog log, int index, String instance, String variable, TlaValue value) {
        List<Map<String, Map<String, TlaValue>>> states = new ArrayList<>(log.states());
        Map<String, Map<String, TlaValue>> s = new LinkedHashMap<>(states.get(index));
        Map<String, TlaValue> vars = new LinkedHashMap<>(s.get(instance));
        vars.put(variable, value);
        s.put(instance, vars);
        states.set(index, s);
        return new TraceLog(log.spec(), log.instances(), log.steps(), states, log.actions(), log.live());
    }

    /** The index of the first state after a step the binding logged as {@code action} for box. */
    static int after(TraceLog log, String action) {
        for (int k = 0; k < log.actions().size(); k++) {
            SpecAction a = log.actions().get(k).get("box");
            if (a != null && a.name().equals(action)) {
                return k + 1;
            }
        }
        throw new AssertionError("no " + action + " in " + log.actions());
    }

    @Test
    void aCorrectFreezeTraceIsAcceptedByTlcAndByTheInProcessOracle() {
        TraceLog log = freezeCycle();
        assertEquals(List.of("box"), log.instances());
        assertTrue(log.steps().size() >= 14, "the cycle made " + log.steps().size() + " steps");
        TraceValidation.Result r = validation(new FreezeSuite()).check(log);
        assertEquals(TraceValidation.Outcome.ACCEPTED, r.outcome(), () -> r.reason());

        try (SpecOracle oracle = new FreezeSuite().loadOracle(SPECS)) {
            Kernel k = new Kernel();
            RefinementChecker checker = RefinementChecker.attach(oracle, new FreezeBinding(), k);
            TraceRecorder recorder = TraceRecorder.attach(k);
            freezeCycle(k); // the same calls again, checked in-process this time
            assertTrue(checker.divergence().isEmpty(), () -> checker.divergence().get().reason());
            assertEquals(log.states(), recorder.log(new FreezeBinding()).states(), "the run is deterministic");
        }
    }

    @Test
    void aTamperedStateIsRejectedAtTheStepThatLeadsToIt() {
        TraceLog log = freezeCycle();
        // after Fork(c, a) in a THAWED cgroup, a is running; the log claims it is frozen
        int forked = after(log, "Fork");
        Map<String, TlaValue> box = log.states().get(forked).get("box");
        TlaValue.Function tstate = (TlaValue.Function) box.get("tstate");
        Map<TlaValue, TlaValue> changed = new LinkedHashMap<>(tstate.mapping());
        TlaValue newest = tstate.mapping().lastKey();
        assertEquals(TlaValue.str("running"), changed.put(newest, TlaValue.str("frozen")));
        TraceLog tampered = tamper(log, forked, "box", "tstate", TlaValues.function(changed));

        TraceValidation.Result r = validation(new FreezeSuite()).check(tampered);
        assertEquals(TraceValidation.Outcome.REJECTED, r.outcome(), () -> r.reason());
        assertEquals(forked, r.step(), r.reason());
        assertTrue(r.reason().contains("box: Fork("), r.reason());
    }

    /**
     * Box does not exist before the fork that makes it: like the step oracle, the trace module
     * requires its state before its first action to be Init, and rejects that first step.
     */
    @Test
    void aTamperedStateBeforeTheCgroupExistsIsRejectedAtTheStepThatMakesIt() {
        TraceLog log = freezeCycle();
        assertTrue(log.live().get(0).isEmpty() && log.live().get(1).contains("box"), log.live().toString());
        TraceLog tampered = tamper(log, 0, "box", "ckpt", TlaValue.of(1));
        TraceValidation.Result r = validation(new FreezeSuite()).check(tampered);
        assertEquals(TraceValidation.Outcome.REJECTED, r.outcome(), () -> r.reason());
        assertEquals(1, r.step(), r.reason());
    }

    /**
     * The bound specs validated by a TLC process of their own too: every one, so that each has the
     * independent cross-check and a per-process baseline in ./cr bench oracle; a spec that gains or
     * loses a trace module changes this list.
     */
    static List<SpecSuite> withTraceModules() {
        List<SpecSuite> with = Specs.bound().stream().filter(s -> s.traceModule().isPresent()).toList();
        assertEquals(List.of("freeze", "eclone", "sharedobjects", "restart", "concurrentcheckpoint"),
                with.stream().map(SpecSuite::name).toList());
        return with;
    }

    @Test
    void randomWorkloadTracesOfEveryBoundSpecAreAccepted() {
        for (SpecSuite suite : withTraceModules()) {
            TraceLog log = randomTrace(suite);
            TraceValidation.Result r = validation(suite).check(log);
            assertEquals(TraceValidation.Outcome.ACCEPTED, r.outcome(), () -> suite.name() + ": " + r.reason());
        }
    }

    /**
     * A checkpoint() call and a restart exist only for some steps of a trace: a phase the spec does
     * not allow, logged after the first action of one, is rejected at that step.
     */
    @Test
    void aTamperedCallOrRestartIsRejectedAtTheStepThatLeadsToIt() {
        for (SpecSuite suite : List.of(new SharedObjectsSuite(), new RestartSuite())) {
            TraceLog log = randomTrace(suite);
            int step = -1;
            String instance = null;
            for (int k = 0; k < log.actions().size() && step < 0; k++) {
                for (String c : log.actions().get(k).keySet()) {
                    if (log.live().get(k).contains(c) && log.live().get(k + 1).contains(c)) {
                        step = k + 1;
                        instance = c;
                        break;
                    }
                }
            }
            assertTrue(step > 0, suite.name() + ": no action of a live instance in " + log.actions());
            TraceLog tampered = tamper(log, step, instance, "phase", TlaValue.str("tampered"));
            TraceValidation.Result r = validation(suite).check(tampered);
            assertEquals(TraceValidation.Outcome.REJECTED, r.outcome(), () -> suite.name() + ": " + r.reason());
            assertEquals(step, r.step(), suite.name() + ": " + r.reason());
        }
    }

    /**
     * A kernel that lets an outside task open /proc/PID/fd/N of a task the checkpoint holds
     * (examples/race-proc-fd.crs, with the guard removed): the trace module rejects the open at
     * its step, as ProcOpen, and the in-process oracle diverges at the same step.
     */
    @Test
    void aProcFdOpenDuringTheDumpIsRejectedByTheConcurrentCheckpointTraceModule() throws Exception {
        ConcurrentCheckpointSuite mutant = new ConcurrentCheckpointSuite(
                Mutant.PROC_FD_DURING_CHECKPOINT.plant(KernelConfig.defaults()));
        Path race = SPECS.resolveSibling("examples").resolve("race-proc-fd.crs");
        Scenario scenario = ScenarioParser.parse(race.toString(), Files.readString(race));
        Kernel k = mutant.kernels().get();
        TraceRecorder recorder = TraceRecorder.attach(k);
        RefinementChecker checker;
        try (SpecOracle oracle = mutant.loadOracle(SPECS)) {
            checker = RefinementChecker.attach(oracle, mutant.binding(), k);
            ScenarioRunner.run(k, scenario);
        }
        TraceLog log = recorder.log(mutant.binding());

        TraceValidation.Result r = validation(mutant).check(log);
        assertEquals(TraceValidation.Outcome.REJECTED, r.outcome(), () -> r.reason());
        assertEquals("getfd", log.steps().get(r.step() - 1).op(), r.reason());
        assertTrue(r.reason().contains(": ProcOpen("), r.reason());
        Divergence d = checker.divergence().orElseThrow(() -> new AssertionError("the oracle accepted the race"));
        assertEquals(log.steps().get(r.step() - 1), d.step(), r.reason());
    }

    /**
     * A short random trace of the suite's workload (one TLC process on a SharedObjects trace takes a
     * while): the first of seeds 7, 8, ... whose trace has at least 10 steps and a spec instance
     * (a checkpoint() call, a restart), so that a workload that gains an operation still yields one.
     */
    static TraceLog randomTrace(SpecSuite suite) {
        int operations = suite.name().equals("freeze") || suite.name().equals("eclone") ? 60 : 12;
        TraceLog log = null;
        for (long seed = 7; seed < 57; seed++) {
            List<Integer> codes = Conformance.codes(suite.workload(), operations, new SplittableRandom(seed));
            log = TraceRecorder.record(suite.kernels().get(), suite.workload(), codes, suite.binding());
            if (log.steps().size() >= 10 && !log.instances().isEmpty()) {
                return log;
            }
        }
        throw new AssertionError(suite.name() + ": no trace of 50 seeds has 10 steps and an instance; the last: "
                + log.steps().size() + " steps, instances " + log.instances());
    }

    /** The trace modules' tables name every action the bindings log and every invariant the oracles check. */
    @Test
    void traceModulesCoverTheBindingsActionsAndTheOraclesInvariants() throws IOException {
        for (SpecSuite suite : withTraceModules()) {
            String module = suite.traceModule().orElseThrow();
            String tla = Files.readString(suite.dir(SPECS).resolve(module + ".tla"));
            String cfg = Files.readString(suite.dir(SPECS).resolve(module + ".cfg"));
            for (String action : suite.binding().actionNames()) {
                assertTrue(tla.contains("e.action = \"" + action + "\""), module + " has no row for " + action);
            }
            try (SpecOracle oracle = suite.loadOracle(SPECS)) {
                for (String invariant : oracle.invariantNames()) {
                    assertTrue(cfg.contains("    Every" + invariant + "\n"), module + ".cfg does not check " + invariant);
                }
            }
        }
    }

    @Test
    void valuesAreWrittenAsTlaSource() {
        assertEquals("(-3)", TraceModule.expression(TlaValue.of(-3)));
        assertEquals("\"a\\\"b\\\\\"", TraceModule.expression(TlaValue.str("a\"b\\")));
        assertEquals("<< >>", TraceModule.expression(TlaValues.function(Map.of())));
        assertEquals("(2 :> \"running\" @@ 3 :> {1, 2})", TraceModule.expression(TlaValues.function(
                Map.of(TlaValue.of(3), TlaValues.intSet(List.of(2, 1)), TlaValue.of(2), TlaValue.str("running")))));
        assertEquals("[a |-> TRUE, b |-> <<1, Outside>>]", TraceModule.expression(TlaValues.record(Map.of(
                "b", new TlaValue.Tuple(List.of(TlaValue.of(1), new TlaValue.ModelValue("Outside"))),
                "a", TlaValue.of(true)))));
    }
}
