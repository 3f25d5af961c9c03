package org.croracle.oracle.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The -tool output parser and its interpretation, on output recorded from TLC 2.18. */
class ToolOutputParserTest {

    /** Feeds a recorded output through the interpreter, as TlcModelChecker does. */
    private static TlcRun interpret(String output, String root, String cfg, List<TlcProgress> progress) {
        TlcOutputInterpreter i = new TlcOutputInterpreter(progress::add);
        output.lines().forEach(i::accept);
        return i.finish(false, 0, Duration.ofMillis(1), Duration.ofSeconds(60), root, cfg, output);
    }

    private static TlcRun interpret(String output, String root, String cfg) {
        return interpret(output, root, cfg, new ArrayList<>());
    }

    @Nested
    class Messages {

        @Test
        void splitsMessagesFromRawSanyLines() {
            ToolOutputParser.Parsed p = ToolOutputParser.parse(RecordedTlcOutput.PARSE_ERROR);
            assertEquals(List.of(3002), p.messages().stream().map(ToolMessage::code).toList());
            ToolMessage failed = p.messages().get(0);
            assertEquals(ToolMessage.Severity.ERROR, failed.severity());
            assertEquals("Parsing or semantic analysis failed.", failed.text());
            assertEquals("***Parse Error***", p.rawLines().get(0));
            assertTrue(p.rawLines().contains("Could not parse module Freeze from file Freeze.tla"));
            assertFalse(p.rawLines().stream().anyMatch(l -> l.contains("@!@!@")));
        }

        @Test
        void messageStartingInTheMiddleOfALineIsNestedAndDeliveredFirst() {
            // TLC prints ": @!@!@STARTMSG 5006:0 @!@!@" inside message 1000.
            ToolOutputParser.Parsed p = ToolOutputParser.parse(RecordedTlcOutput.BROKEN_CFG);
            assertEquals(List.of(5006, 1000), p.messages().stream().map(ToolMessage::code).toList());
            ToolMessage inner = p.messages().get(0);
            assertEquals(ToolMessage.Severity.NONE, inner.severity());
            assertEquals("TLC found an error in the configuration file at line 4\n"
                    + "It was expecting = or <-, but did not find it.", inner.text());
            ToolMessage outer = p.messages().get(1);
            assertTrue(outer.text().startsWith("TLC threw an unexpected exception."), outer.text());
            assertTrue(outer.text().endsWith("ConfigFileException\n: "), outer.text());
            assertTrue(p.rawLines().isEmpty(), p.rawLines().toString());
        }

        @Test
        void messageLeftOpenIsDeliveredOnFinishAndStrayEndIsKeptAsText() {
            List<ToolMessage> messages = new ArrayList<>();
            List<String> raw = new ArrayList<>();
            ToolOutputParser parser = new ToolOutputParser(new ToolOutputParser.Listener() {
                @Override
                public void message(ToolMessage message) {
                    messages.add(message);
                }

                @Override
                public void rawLine(String line) {
                    raw.add(line);
                }
            });
            parser.accept("before @!@!@ENDMSG 7 @!@!@");
            parser.accept("@!@!@STARTMSG 2200:0 @!@!@");
            parser.accept("Progress(3) at 2026-01-01 00:00:00: 10 states generated, 5 distinct states found, 1 states left on queue.");
            assertTrue(messages.isEmpty());
            parser.finish();
            assertEquals(List.of("before ", "@!@!@ENDMSG 7 @!@!@"), raw);
            assertEquals(1, messages.size());
            assertEquals(2200, messages.get(0).code());
            assertTrue(messages.get(0).text().startsWith("Progress(3)"));
        }
    }

    @Nested
    class Results {

        @Test
        void successWithFiguresDepthAndProgress() {
            List<TlcProgress> progress = new ArrayList<>();
            TlcRun run = interpret(RecordedTlcOutput.SUCCESS, "MCFreeze", "MCFreeze.cfg", progress);
            assertEquals(TlcOutcome.OK, run.outcome());
            assertTrue(run.holds());
            assertEquals(1761, run.statesGenerated());
            assertEquals(243, run.distinctStates());
            assertEquals(9, run.depth());
            assertNull(run.errorMessage());
            assertNull(run.violatedProperty());
            assertTrue(run.counterexample().isEmpty());
            // Two Progress(9) messages (numbers with thousands separators) and the final statistics.
            assertEquals(List.of(new TlcProgress(9, 1761, 243, 0), new TlcProgress(9, 1761, 243, 0),
                    new TlcProgress(9, 1761, 243, 0)), progress);
        }

        @Test
        void actionPropertyViolationWithTrace() {
            TlcRun run = interpret(RecordedTlcOutput.ACTION_PROPERTY, "ForkFromFrozen", "ForkFromFrozen.cfg");
            assertEquals(TlcOutcome.ACTION_PROPERTY_VIOLATED, run.outcome());
            assertEquals("FrozenCgroupGainsNoTask", run.violatedProperty());
            assertEquals(673, run.statesGenerated());
            assertEquals(138, run.distinctStates());
            assertEquals(6, run.depth());
            List<TlcTraceState> t = run.counterexample();
            assertEquals(6, t.size());
            assertEquals(new TlcTraceState(1, "Initial predicate", "",
                    Map.of("ckpt", "0", "freezer", "\"THAWED\"", "tstate", "<< >>"), false, 0), t.get(0));
            assertEquals(List.of("ckpt", "freezer", "tstate"), List.copyOf(t.get(0).variables().keySet()));
            assertEquals("Settle", t.get(4).action());
            assertEquals("line 164, col 5 to line 167, col 33 of module Freeze", t.get(4).location());
            assertEquals("BugNext", t.get(5).action());
            assertEquals("<<\"frozen\", \"frozen\">>", t.get(5).variables().get("tstate"));
            for (int i = 0; i < t.size(); i++) {
                assertEquals(i + 1, t.get(i).number());
                assertFalse(t.get(i).isLassoEnd());
            }
        }

        @Test
        void stutteringLassoAndDepthFromLastProgress() {
            TlcRun run = interpret(RecordedTlcOutput.STUTTERING_LASSO, "SettleCountsZombies", "SettleCountsZombies.cfg");
            assertEquals(TlcOutcome.TEMPORAL_PROPERTY_VIOLATED, run.outcome());
            assertNull(run.violatedProperty(), "TLC 2.18 does not name the temporal property");
            assertEquals(10, run.depth(), "no 2194 message: the depth of the last Progress(10)");
            List<TlcTraceState> t = run.counterexample();
            assertEquals(6, t.size());
            TlcTraceState last = t.get(5);
            assertEquals(6, last.number());
            assertTrue(last.stuttering());
            assertEquals(0, last.backToState());
            assertEquals("Stuttering", last.action());
            assertEquals(t.get(4).variables(), last.variables());
            assertEquals("<<\"zombie\", \"frozen\">>", last.variables().get("tstate"));
        }

        @Test
        void multiLineValuesAndBackToStateLasso() {
            TlcRun run = interpret(RecordedTlcOutput.BACK_TO_STATE_LASSO, "Loop", "Loop.cfg");
            assertEquals(TlcOutcome.TEMPORAL_PROPERTY_VIOLATED, run.outcome());
            List<TlcTraceState> t = run.counterexample();
            assertEquals(5, t.size());
            String big = "<< [name |-> \"a fairly long string value\", set |-> {1, 2}],"
                    + " [name |-> \"a fairly long string value\", set |-> {2, 3}],"
                    + " [name |-> \"a fairly long string value\", set |-> {3, 4}],"
                    + " [name |-> \"a fairly long string value\", set |-> {4, 5}] >>";
            for (int i = 0; i < 4; i++) {
                assertEquals(Map.of("x", Integer.toString(i), "big", big), t.get(i).variables());
            }
            // TLC 2.18 prints "2: Back to state: <Next ...>": 2 is the state the loop returns to.
            TlcTraceState end = t.get(4);
            assertEquals(5, end.number());
            assertEquals(2, end.backToState());
            assertFalse(end.stuttering());
            assertTrue(end.isLassoEnd());
            assertEquals("Next", end.action());
            assertEquals("line 6, col 9 to line 6, col 29 of module Loop", end.location());
            assertEquals(t.get(1).variables(), end.variables());
            assertEquals(4, run.depth());
            assertEquals(5, run.statesGenerated());
            assertEquals(4, run.distinctStates());
        }

        @Test
        void singleVariableIsPrintedWithoutConjunction() {
            TlcRun run = interpret(RecordedTlcOutput.SINGLE_VARIABLE_DEADLOCK, "One", "One.cfg");
            assertEquals(TlcOutcome.DEADLOCK, run.outcome());
            assertEquals(List.of(Map.of("y", "0"), Map.of("y", "1"), Map.of("y", "2")),
                    run.counterexample().stream().map(TlcTraceState::variables).toList());
            assertEquals("Next", run.counterexample().get(2).action());
            assertEquals(3, run.depth());
        }

        @Test
        void invariantViolatedByTheInitialState() {
            TlcRun run = interpret(RecordedTlcOutput.INITIAL_STATE_VIOLATION, "MCFreeze", "MCFreeze.cfg");
            assertEquals(TlcOutcome.INVARIANT_VIOLATED, run.outcome());
            assertEquals("SingleCheckpointer", run.violatedProperty());
            assertEquals(List.of(new TlcTraceState(1, "Initial predicate", "",
                    Map.of("ckpt", "0", "freezer", "\"THAWED\"", "tstate", "<< >>"), false, 0)), run.counterexample());
        }

        @Test
        void distributedSuccessAndEveryMessageToTheListener() {
            List<ToolMessage> heard = new ArrayList<>();
            TlcOutputInterpreter i = new TlcOutputInterpreter(null, heard::add);
            RecordedTlcOutput.DISTRIBUTED_SUCCESS.lines().forEach(i::accept);
            TlcRun run = i.finish(false, 0, Duration.ofMillis(1), Duration.ofSeconds(60), "MCFreeze", "MCFreeze.cfg",
                    RecordedTlcOutput.DISTRIBUTED_SUCCESS);
            assertEquals(TlcOutcome.OK, run.outcome());
            assertEquals(3064, run.statesGenerated());
            assertEquals(243, run.distinctStates());
            assertEquals(8, run.depth());
            assertEquals(List.of(2190, 7000, 7001, 7001, 7003, 7003, 2193, 2200, 2199, 2194, 2186),
                    heard.stream().map(ToolMessage::code).toList());
        }

        @Test
        void distributedBadStepIsAnUnnamedViolationWithTheLastStep() {
            TlcRun run = interpret(RecordedTlcOutput.DISTRIBUTED_BAD_STEP, "ThawWhileCheckpointing",
                    "ThawWhileCheckpointing.cfg");
            assertEquals(TlcOutcome.UNNAMED_VIOLATION, run.outcome(), run.errorMessage());
            assertEquals(null, run.violatedProperty());
            assertEquals(null, run.errorMessage());
            assertEquals(50, run.distinctStates());
            assertEquals(List.of("Initial predicate", "BuggyWriteThawed"),
                    run.counterexample().stream().map(TlcTraceState::action).toList());
            assertEquals("\"THAWED\"", run.counterexample().get(1).variables().get("freezer"));
        }

        @Test
        void distributedInitialStateViolationIsNamed() {
            TlcRun run = interpret(RecordedTlcOutput.DISTRIBUTED_INITIAL_INVARIANT, "T", "InitBad.cfg");
            assertEquals(TlcOutcome.INVARIANT_VIOLATED, run.outcome());
            assertEquals("InvInit", run.violatedProperty());
            assertEquals(List.of(new TlcTraceState(1, "Initial predicate", "", Map.of("x", "0"), false, 0)),
                    run.counterexample());
        }

        @Test
        void assumptionViolationNamesItsLocation() {
            TlcRun run = interpret(RecordedTlcOutput.ASSUMPTION, "One", "OneAssume.cfg");
            assertEquals(TlcOutcome.ASSUMPTION_VIOLATED, run.outcome());
            assertEquals("line 4, col 8 to line 4, col 13 of module One", run.violatedProperty());
        }
    }

    @Nested
    class ErrorMessages {

        private String error(String output, String root, String cfg) {
            TlcRun run = interpret(output, root, cfg);
            assertEquals(TlcOutcome.ERROR, run.outcome(), run.output());
            String m = run.errorMessage();
            assertFalse(m.contains("\n"), m);
            assertFalse(m.contains("Exception"), m);
            assertFalse(m.contains("at org."), m);
            assertFalse(m.contains("at tla2sany."), m);
            return m;
        }

        @Test
        void parseErrorNamesFileAndPosition() {
            assertEquals("Freeze.tla does not parse: Encountered \")\" at line 253, column 85",
                    error(RecordedTlcOutput.PARSE_ERROR, "MCFreeze", "MCFreeze.cfg"));
        }

        @Test
        void semanticErrorNamesFileAndPosition() {
            assertEquals("Freeze.tla: semantic error at line 86, col 22 to line 86, col 28: Unknown operator: `Memberz'.",
                    error(RecordedTlcOutput.SEMANTIC_ERROR, "MCFreeze", "MCFreeze.cfg"));
        }

        @Test
        void firstOfSeveralSemanticErrorsIsReportedWithTheCount() {
            String output = """
                    Semantic errors:

                    *** Errors: 2

                    line 86, col 20 to line 86, col 21 of module Freeze

                    Could not find declaration or definition of symbol '@@'.


                    line 86, col 14 to line 86, col 29 of module Freeze

                    Couldn't resolve infix operator symbol `@@'.



                    @!@!@STARTMSG 3002:1 @!@!@
                    Parsing or semantic analysis failed.
                    @!@!@ENDMSG 3002 @!@!@
                    """;
            assertEquals("Freeze.tla: semantic error at line 86, col 20 to line 86, col 21: Could not find declaration"
                    + " or definition of symbol '@@'. (and 1 more)", error(output, "MCFreeze", "MCFreeze.cfg"));
        }

        @Test
        void missingModules() {
            assertEquals("NoSuchModule.tla not found: Cannot find source file for module NoSuchModule.",
                    error(RecordedTlcOutput.MISSING_ROOT_MODULE, "NoSuchModule", "MCFreeze.cfg"));
            assertEquals("MCFreeze.tla not found: Cannot find source file for module MCFreeze imported in module"
                            + " AttachToFrozen.",
                    error(RecordedTlcOutput.MISSING_LIBRARY_MODULE, "AttachToFrozen", "AttachToFrozen.cfg"));
        }

        @Test
        void configErrorsNameTheCfg() {
            assertEquals("BadInv.cfg: The invariant NoSuchInv specified in the configuration file is not defined in"
                    + " the specification.", error(RecordedTlcOutput.UNDEFINED_INVARIANT, "MCFreeze", "BadInv.cfg"));
            assertEquals("Broken.cfg: TLC found an error in the configuration file at line 4 It was expecting = or <-,"
                    + " but did not find it.", error(RecordedTlcOutput.BROKEN_CFG, "MCFreeze", "Broken.cfg"));
            assertEquals("Nope.cfg: TLC encountered the following error when trying to read the configuration file"
                    + " Nope.cfg: File not found.", error(RecordedTlcOutput.MISSING_CFG, "MCFreeze", "Nope.cfg"));
        }

        @Test
        void evaluationErrorNamesTheInnermostExpression() {
            TlcRun run = interpret(RecordedTlcOutput.EVALUATION_ERROR, "One", "OneBad.cfg");
            assertEquals("One.tla: In applying the function <<1>>, the first argument is: 5 which is not in its"
                    + " domain. (at line 8, column 13 to line 8, column 36)", run.errorMessage());
            assertEquals(1, run.counterexample().size(), "the behaviour up to the error is kept");
        }
    }
}
