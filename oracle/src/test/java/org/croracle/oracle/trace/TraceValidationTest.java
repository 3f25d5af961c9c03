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
import org.croracle.impl.syscall.Kernel;
import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;
import org.croracle.oracle.freeze.FreezeBinding;
import org.croracle.oracle.eclone.EcloneSuite;
import org.croracle.oracle.freeze.FreezeSuite;
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
        return new TraceLog(log.spec(), log.instances(), log.steps(), states, log.actions());
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

    @Test
    void aTamperedFirstStateIsRejectedAsNotInit() {
        TraceLog tampered = tamper(freezeCycle(), 0, "box", "ckpt", TlaValue.of(1));
        TraceValidation.Result r = validation(new FreezeSuite()).check(tampered);
        assertEquals(TraceValidation.Outcome.REJECTED, r.outcome(), () -> r.reason());
        assertEquals(0, r.step(), r.reason());
    }

    @Test
    void randomWorkloadTracesOfBothBoundSpecsAreAccepted() {
        for (SpecSuite suite : List.of(new FreezeSuite(), new EcloneSuite())) {
            List<Integer> codes = Conformance.codes(suite.workload(), 60, new SplittableRandom(7));
            TraceLog log = TraceRecorder.record(suite.kernels().get(), suite.workload(), codes, suite.binding());
            assertTrue(log.steps().size() >= 40, suite.name() + ": " + log.steps().size() + " steps");
            TraceValidation.Result r = validation(suite).check(log);
            assertEquals(TraceValidation.Outcome.ACCEPTED, r.outcome(), () -> suite.name() + ": " + r.reason());
        }
    }

    /** The trace modules' tables name every action the bindings log and every invariant the oracles check. */
    @Test
    void traceModulesCoverTheBindingsActionsAndTheOraclesInvariants() throws IOException {
        for (SpecSuite suite : List.of(new FreezeSuite(), new EcloneSuite())) {
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
