---------------------------- MODULE TraceSharedObjects ----------------------------
(***************************************************************************)
(* Trace validation of SharedObjects, the standard way: one kernel trace,  *)
(* written as a TLA+ module that EXTENDS this one, checked by its own TLC  *)
(* process (oracle/.../trace/TraceValidation).  The kernel has one         *)
(* SharedObjects instance per checkpoint() call ("ckpt#N"), which exists   *)
(* from the step that allocates the call's context to the step that ends   *)
(* it; Live names them per state.  TraceNext forces every variable to the  *)
(* next logged state and checks each instance the step touches as the step *)
(* oracle does (InstanceStep); success shows as TraceMatched violated in    *)
(* the last state.                                                          *)
(***************************************************************************)
EXTENDS Integers, Sequences, TLC

CONSTANTS
    Tasks, Objects, None,
                      \* SharedObjects' constants, as the step oracle has them (OracleSharedObjects.cfg)
    Trace,            \* <<state 1, ..., state n>>: [instance -> the spec's variables]
    Logged,           \* <<step 1, ..., step n-1>>: [instance -> [action, args]]
    Live              \* <<instances 1, ..., instances n>>: the instances that exist in each state

VARIABLES
    state,            \* [instance -> the spec's variables]
    i                 \* how many logged states have been matched

\* SharedObjects seen from instance c, in the current state (and, primed, the next).
S(c) == INSTANCE OracleSharedObjects WITH
        tree <- state[c].tree, kind <- state[c].kind, slots <- state[c].slots,
        refsOf <- state[c].refsOf, outside <- state[c].outside, ctxRefs <- state[c].ctxRefs,
        strangers <- state[c].strangers, subtree <- state[c].subtree, freezer <- state[c].freezer,
        phase <- state[c].phase, cursor <- state[c].cursor, objref <- state[c].objref,
        users <- state[c].users, written <- state[c].written, image <- state[c].image,
        error <- state[c].error

\* SharedObjects in instance c of logged state k.
At(k, c) == INSTANCE OracleSharedObjects WITH
        tree <- Trace[k][c].tree, kind <- Trace[k][c].kind, slots <- Trace[k][c].slots,
        refsOf <- Trace[k][c].refsOf, outside <- Trace[k][c].outside, ctxRefs <- Trace[k][c].ctxRefs,
        strangers <- Trace[k][c].strangers, subtree <- Trace[k][c].subtree, freezer <- Trace[k][c].freezer,
        phase <- Trace[k][c].phase, cursor <- Trace[k][c].cursor, objref <- Trace[k][c].objref,
        users <- Trace[k][c].users, written <- Trace[k][c].written, image <- Trace[k][c].image,
        error <- Trace[k][c].error

\* The step oracle's constants (OracleSharedObjects.cfg).
TraceTasks   == S("")!OracleTasks
TraceObjects == S("")!OracleObjects

\* The table from logged action names to SharedObjects's actions (the binding's
\* actionNames, which names them the same).
Do(c, e) ==
    CASE e.action = "Begin"           -> S(c)!Begin
      [] e.action = "BeginSelf"       -> S(c)!BeginSelf
      [] e.action = "BeginBusy"       -> S(c)!BeginBusy
      [] e.action = "Scan"            -> S(c)!Scan
      [] e.action = "ScanBusy"        -> S(c)!ScanBusy(e.args[1])
      [] e.action = "Collect"         -> S(c)!Collect(e.args[1])
      [] e.action = "LeakCheckPasses" -> S(c)!LeakCheckPasses
      [] e.action = "LeakFound"       -> S(c)!LeakFound(e.args[1])
      [] e.action = "LeakCheckSkipped" -> S(c)!LeakCheckSkipped
      [] e.action = "DumpTask"        -> S(c)!DumpTask(e.args[1])
      [] e.action = "WriteTail"       -> S(c)!WriteTail
      [] e.action = "End"             -> S(c)!End

TraceInit ==
    /\ i = 1
    /\ state = Trace[1]
    /\ \A c \in Live[1] : At(1, c)!Init

\* Instance c's part of step i, as the step oracle checks it: the logged action (from
\* Init when the step makes the instance); a step that makes it and is none of its
\* actions leaves it in Init; any other step leaves it unchanged.
InstanceStep(c) ==
    IF c \in DOMAIN Logged[i] THEN (c \in Live[i] \/ At(i, c)!Init) /\ Do(c, Logged[i][c])
    ELSE IF c \notin Live[i] THEN At(i + 1, c)!Init
    ELSE state'[c] = state[c]

TraceNext ==
    /\ i < Len(Trace)
    /\ i' = i + 1
    /\ state' = Trace[i + 1]
    /\ \A c \in Live[i] \cup Live[i + 1] : InstanceStep(c)

\* The instances whose invariants the step oracle checks in state i: those the step
\* into it moved by an action or made.
Checked == IF i = 1 THEN {}
           ELSE {c \in Live[i - 1] \cup Live[i] : c \in DOMAIN Logged[i - 1] \/ c \notin Live[i - 1]}

\* The step oracle's invariants (OracleSharedObjects.cfg), in every instance it checks.
EveryTypeOK                             == \A c \in Checked : At(i, c)!TypeOK
EveryObjrefsDenseInFirstEncounterOrder  == \A c \in Checked : At(i, c)!ObjrefsDenseInFirstEncounterOrder
EveryDefinedBeforeUse                   == \A c \in Checked : At(i, c)!DefinedBeforeUse
EveryStateFollowsItsObjref              == \A c \in Checked : At(i, c)!StateFollowsItsObjref
EveryWrittenOnce                        == \A c \in Checked : At(i, c)!WrittenOnce
EveryContainerIsClosed                  == \A c \in Checked : At(i, c)!ContainerIsClosed
EveryLeakVerdictIsExact                 == \A c \in Checked : At(i, c)!LeakVerdictIsExact
EveryEarlyFailureWritesOnlyError        == \A c \in Checked : At(i, c)!EarlyFailureWritesOnlyError
EverySharingIsRecorded                  == \A c \in Checked : At(i, c)!SharingIsRecorded
EveryUsersCountTreeReferences           == \A c \in Checked : At(i, c)!UsersCountTreeReferences
EveryImageIsComplete                    == \A c \in Checked : At(i, c)!ImageIsComplete
EveryFreezerHeldWhileWriting            == \A c \in Checked : At(i, c)!FreezerHeldWhileWriting
EveryFreezerReleased                    == \A c \in Checked : At(i, c)!FreezerReleased

\* Violated exactly when the whole trace has been matched: TLC's way of saying "accepted".
TraceMatched == i < Len(Trace)
=============================================================================
