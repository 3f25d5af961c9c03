------------------------- MODULE TraceConcurrentCheckpoint -------------------------
(***************************************************************************)
(* Trace validation of ConcurrentCheckpoint, the standard way: one kernel  *)
(* trace, written as a TLA+ module that EXTENDS this one, checked by its   *)
(* own TLC process (oracle/.../trace/TraceValidation).  The kernel has one *)
(* ConcurrentCheckpoint instance per container checkpoint() call whose     *)
(* steps other calls come between ("ckpt#N"), which exists from the step   *)
(* that allocates the call's context to the step that ends it; Live names  *)
(* them per state.  TraceNext forces every variable to the next logged     *)
(* state and checks each instance the step touches as the step oracle does *)
(* (InstanceStep): the call's step or the world's action the binding       *)
(* logged, with the kernel's arguments, or no change.  Success shows as    *)
(* TraceMatched violated in the last state.                                *)
(*                                                                         *)
(* Like the step oracle, a step is checked against the named action alone, *)
(* not against Next: the history variables (tree1, atCheck, touched,       *)
(* escaped) are the kernel's own record of the call, which the invariants  *)
(* judge, and the two checkers must give the same verdict on every trace.  *)
(***************************************************************************)
EXTENDS Integers, Sequences, TLC

CONSTANTS
    TreeTasks, Outsiders, Tables, Files,
                      \* ConcurrentCheckpoint's constants, as the step oracle has them
                      \* (OracleConcurrentCheckpoint.cfg)
    Trace,            \* <<state 1, ..., state n>>: [instance -> the spec's variables]
    Logged,           \* <<step 1, ..., step n-1>>: [instance -> [action, args]]
    Live              \* <<instances 1, ..., instances n>>: the instances that exist in each state

VARIABLES
    state,            \* [instance -> the spec's variables]
    i                 \* how many logged states have been matched

\* ConcurrentCheckpoint seen from instance c, in the current state (and, primed, the next).
CC(c) == INSTANCE OracleConcurrentCheckpoint WITH
        parent <- state[c].parent, incg <- state[c].incg, freezer <- state[c].freezer,
        holds <- state[c].holds, phase <- state[c].phase, count <- state[c].count,
        arr <- state[c].arr, cursor <- state[c].cursor, users <- state[c].users,
        visits <- state[c].visits, written <- state[c].written, dumped <- state[c].dumped,
        error <- state[c].error, tree1 <- state[c].tree1, atCheck <- state[c].atCheck,
        touched <- state[c].touched, escaped <- state[c].escaped

\* ConcurrentCheckpoint in instance c of logged state k.
At(k, c) == INSTANCE OracleConcurrentCheckpoint WITH
        parent <- Trace[k][c].parent, incg <- Trace[k][c].incg, freezer <- Trace[k][c].freezer,
        holds <- Trace[k][c].holds, phase <- Trace[k][c].phase, count <- Trace[k][c].count,
        arr <- Trace[k][c].arr, cursor <- Trace[k][c].cursor, users <- Trace[k][c].users,
        visits <- Trace[k][c].visits, written <- Trace[k][c].written, dumped <- Trace[k][c].dumped,
        error <- Trace[k][c].error, tree1 <- Trace[k][c].tree1, atCheck <- Trace[k][c].atCheck,
        touched <- Trace[k][c].touched, escaped <- Trace[k][c].escaped

\* The step oracle's constants (OracleConcurrentCheckpoint.cfg), element for element: every
\* pid up to pid_max and every object id the mapping lets through (below 100000), so that any
\* trace of the workload, however long, is in them.  They are written as subsets of Nat, which
\* TLC cannot enumerate, so that it only ever tests membership: with the intervals themselves,
\* TLC computes the spec's unions of them (Holders, Objects) element by element wherever TypeOK
\* or Init uses them, and inside an instance with a parameter it computes them anew each time
\* (seconds per state, where the step oracle, whose root module they are in, computes them
\* once).  Nothing needs them enumerated: TLC checks no ASSUME of an instantiated module, and
\* the actions and invariants only test membership.
TraceTasks  == {n \in Nat : n \in CC("")!OracleTasks}
TraceTables == {n \in Nat : n \in CC("")!OracleTables}
TraceFiles  == {n \in Nat : n \in CC("")!OracleFiles}

\* The table from logged action names to ConcurrentCheckpoint's actions (the binding's
\* actionNames, which names them the same): the call's steps, then the world's.
Do(c, e) ==
    CASE e.action = "Begin"           -> CC(c)!Begin
      [] e.action = "BeginBusy"       -> CC(c)!BeginBusy
      [] e.action = "Scan1"           -> CC(c)!Scan1
      [] e.action = "ScanBusy"        -> CC(c)!ScanBusy(e.args[1])
      [] e.action = "Scan2"           -> CC(c)!Scan2
      [] e.action = "ScanChanged"     -> CC(c)!ScanChanged
      [] e.action = "Collect"         -> CC(c)!Collect(e.args[1])
      [] e.action = "LeakCheckPasses" -> CC(c)!LeakCheckPasses
      [] e.action = "LeakFound"       -> CC(c)!LeakFound(e.args[1])
      [] e.action = "DumpTask"        -> CC(c)!DumpTask(e.args[1])
      [] e.action = "ReverseLeak"     -> CC(c)!ReverseLeak(e.args[1], e.args[2])
      [] e.action = "VisitCheck"      -> CC(c)!VisitCheck
      [] e.action = "NotVisited"      -> CC(c)!NotVisited(e.args[1])
      [] e.action = "WriteTail"       -> CC(c)!WriteTail
      [] e.action = "End"             -> CC(c)!End
      [] e.action = "Install"         -> CC(c)!Install(e.args[1], e.args[2], e.args[3])
      [] e.action = "CloseIn"         -> CC(c)!CloseIn(e.args[1], e.args[2], e.args[3])
      [] e.action = "ProcOpen"        -> CC(c)!ProcOpen(e.args[1], e.args[2], e.args[3], e.args[4])
      [] e.action = "ShareFiles"      -> CC(c)!ShareFiles(e.args[1], e.args[2], e.args[3])
      [] e.action = "CopyFiles"       -> CC(c)!CopyFiles(e.args[1], e.args[2], e.args[3], e.args[4])
      [] e.action = "TreeFork"        -> CC(c)!TreeFork(e.args[1], e.args[2])
      [] e.action = "TreeForkCopy"    -> CC(c)!TreeForkCopy(e.args[1], e.args[2], e.args[3], e.args[4])
      [] e.action = "Exit"            -> CC(c)!Exit(e.args[1])
      [] e.action = "Leave"           -> CC(c)!Leave(e.args[1])
      [] e.action = "Join"            -> CC(c)!Join(e.args[1])
      [] e.action = "Thaw"            -> CC(c)!Thaw
      [] e.action = "Freeze"          -> CC(c)!Freeze

\* The logged first state; every call that exists in it starts in Init.
TraceInit ==
    /\ i = 1
    /\ state = Trace[1]
    /\ \A c \in Live[1] : At(1, c)!Init

\* Instance c's part of step i, as the step oracle checks it: the logged action (from
\* Init when the step makes the instance); a step that makes it and is none of its
\* actions (the context's allocation) leaves it in Init; any other step leaves it unchanged.
InstanceStep(c) ==
    IF c \in DOMAIN Logged[i] THEN (c \in Live[i] \/ At(i, c)!Init) /\ Do(c, Logged[i][c])
    ELSE IF c \notin Live[i] THEN At(i + 1, c)!Init
    ELSE state'[c] = state[c]

\* The next logged step: every variable forced to the next logged state, every call
\* that exists before or after it checked.
TraceNext ==
    /\ i < Len(Trace)
    /\ i' = i + 1
    /\ state' = Trace[i + 1]
    /\ \A c \in Live[i] \cup Live[i + 1] : InstanceStep(c)

\* The instances whose invariants the step oracle checks in state i: those the step
\* into it moved by an action or made.
Checked == IF i = 1 THEN {}
           ELSE {c \in Live[i - 1] \cup Live[i] : c \in DOMAIN Logged[i - 1] \/ c \notin Live[i - 1]}

\* The step oracle's invariants (OracleConcurrentCheckpoint.cfg), in every instance it checks.
EveryTypeOK               == \A c \in Checked : At(i, c)!TypeOK
EveryImageIsContained     == \A c \in Checked : At(i, c)!ImageIsContained
EveryLeakCheckNotFooled   == \A c \in Checked : At(i, c)!LeakCheckNotFooled
EveryImageIsTheFrozenTree == \A c \in Checked : At(i, c)!ImageIsTheFrozenTree
EveryScansAgree           == \A c \in Checked : At(i, c)!ScansAgree
EveryNoThawMidCall        == \A c \in Checked : At(i, c)!NoThawMidCall

\* Violated exactly when the whole trace has been matched: TLC's way of saying "accepted".
TraceMatched == i < Len(Trace)
=============================================================================
