---------------------------- MODULE TraceFreeze ----------------------------
(***************************************************************************)
(* Trace validation of Freeze, the standard way: one kernel trace, written *)
(* as a TLA+ module that EXTENDS this one, checked by its own TLC process  *)
(* (oracle/.../trace/TraceValidation).  The in-process step oracle checks  *)
(* the same steps thousands of times faster; this form is kept as an       *)
(* independent cross-check that uses only TLC's command line, and as the   *)
(* baseline of ./cr bench.                                                 *)
(*                                                                         *)
(* The kernel has one Freeze instance per freezer cgroup, which exists     *)
(* from the step that makes the cgroup; Live names them per state.         *)
(* TraceNext moves the index i forward, forces every variable to the next  *)
(* logged state, and checks each cgroup the step touches as the step       *)
(* oracle does (InstanceStep): the action the binding logged, with the     *)
(* implementation's arguments, or no change.  Success shows as             *)
(* TraceMatched violated in the last state; a divergence as a deadlock at  *)
(* the step that is not allowed, or as one of the Every... invariants      *)
(* violated after it.                                                      *)
(***************************************************************************)
EXTENDS Integers, Sequences, TLC

CONSTANTS
    Tasks, Outside,
                      \* Freeze's constants, as the step oracle has them (OracleFreeze.cfg)
    Trace,            \* <<state 1, ..., state n>>: [instance -> the spec's variables]
    Logged,           \* <<step 1, ..., step n-1>>: [instance -> [action, args]]
    Live              \* <<instances 1, ..., instances n>>: the instances that exist in each state

VARIABLES
    state,            \* [instance -> the spec's variables]
    i                 \* how many logged states have been matched

\* Freeze seen from instance c, in the current state (and, primed, the next).
F(c) == INSTANCE OracleFreeze WITH
        freezer <- state[c].freezer, tstate <- state[c].tstate, ckpt <- state[c].ckpt

\* Freeze in instance c of logged state k.
At(k, c) == INSTANCE OracleFreeze WITH
        freezer <- Trace[k][c].freezer, tstate <- Trace[k][c].tstate, ckpt <- Trace[k][c].ckpt

\* The step oracle's constant (OracleFreeze.cfg: Tasks <- OracleTasks).
TraceTasks == F("")!OracleTasks

\* The table from logged action names to Freeze's actions (the binding's
\* actionNames, which names them the same).
Do(c, e) ==
    CASE e.action = "Fork"            -> F(c)!Fork(e.args[1], e.args[2])
      [] e.action = "Attach"          -> F(c)!Attach(e.args[1])
      [] e.action = "AttachBusy"      -> F(c)!AttachBusy
      [] e.action = "AttachGroup"     -> F(c)!AttachGroup(e.args[1], e.args[2])
      [] e.action = "Detach"          -> F(c)!Detach(e.args[1])
      [] e.action = "Exit"            -> F(c)!Exit(e.args[1])
      [] e.action = "ExitReaped"      -> F(c)!ExitReaped(e.args[1])
      [] e.action = "Zapped"          -> F(c)!Zapped(e.args[1])
      [] e.action = "ExitZapping"     -> F(c)!ExitZapping(e.args[1], e.args[2])
      [] e.action = "Reap"            -> F(c)!Reap(e.args[1], e.args[2])
      [] e.action = "Syscall"         -> F(c)!Syscall(e.args[1])
      [] e.action = "SleepBegin"      -> F(c)!SleepBegin(e.args[1])
      [] e.action = "SleepEnd"        -> F(c)!SleepEnd(e.args[1])
      [] e.action = "Refrigerate"     -> F(c)!Refrigerate(e.args[1])
      [] e.action = "WriteFrozen"     -> F(c)!WriteFrozen
      [] e.action = "WriteThawed"     -> F(c)!WriteThawed
      [] e.action = "WriteBusy"       -> F(c)!WriteBusy
      [] e.action = "Settle"          -> F(c)!Settle
      [] e.action = "CheckpointBegin" -> F(c)!CheckpointBegin
      [] e.action = "CheckpointBeginBusy" -> F(c)!CheckpointBeginBusy
      [] e.action = "CheckpointEnd"   -> F(c)!CheckpointEnd

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

\* The step oracle's invariants (OracleFreeze.cfg), in every instance it checks.
EveryTypeOK                    == \A c \in Checked : At(i, c)!TypeOK
EveryFrozenMeansAllFrozen      == \A c \in Checked : At(i, c)!FrozenMeansAllFrozen
EveryCheckpointSeesFrozenTree  == \A c \in Checked : At(i, c)!CheckpointSeesFrozenTree
EveryNoThawWhileCheckpointing  == \A c \in Checked : At(i, c)!NoThawWhileCheckpointing
EverySingleCheckpointer        == \A c \in Checked : At(i, c)!SingleCheckpointer
EveryThawedMeansNoneFrozen     == \A c \in Checked : At(i, c)!ThawedMeansNoneFrozen

\* Violated exactly when the whole trace has been matched: TLC's way of saying "accepted".
TraceMatched == i < Len(Trace)
=============================================================================
