----------------------------- MODULE TraceFreeze -----------------------------
(***************************************************************************)
(* Trace validation of Freeze, the standard way: one kernel trace, written *)
(* as a TLA+ module that EXTENDS this one, checked by its own TLC process  *)
(* (oracle/.../trace/TraceValidation).  The in-process step oracle checks  *)
(* the same steps thousands of times faster; this form is kept as an       *)
(* independent cross-check that uses only TLC's command line, and as the   *)
(* baseline of ./cr bench.                                                 *)
(*                                                                         *)
(* The kernel has one Freeze instance per freezer cgroup, so a logged      *)
(* state is a function from cgroup names to Freeze's variables (a cgroup   *)
(* that does not exist yet is in its Init state).  TraceNext moves the     *)
(* index i forward, forces every variable to the next logged state, and    *)
(* requires the action the binding logged for each cgroup the step         *)
(* concerns, with the implementation's arguments; every other cgroup must  *)
(* be unchanged.  Success shows as TraceMatched violated in the last       *)
(* state; a divergence as a deadlock at the step that is not allowed, or   *)
(* as one of the Every... invariants violated after it.                    *)
(***************************************************************************)
EXTENDS Integers, Sequences, TLC

CONSTANTS
    Tasks, Outside,   \* Freeze's constants, as the step oracle has them (OracleFreeze.cfg)
    Trace,            \* <<state 1, ..., state n>>: [cgroup -> [freezer, tstate, ckpt]]
    Logged            \* <<step 1, ..., step n-1>>: [cgroup -> [action, args]]

VARIABLES
    state,            \* [cgroup -> Freeze's variables in that cgroup]
    i                 \* how many logged states have been matched

\* The cgroups the trace knows (every state has them all).
Cgroups == DOMAIN Trace[1]

\* Freeze seen from cgroup c.
F(c) == INSTANCE OracleFreeze WITH freezer <- state[c].freezer, tstate <- state[c].tstate, ckpt <- state[c].ckpt

\* The step oracle's constant (OracleFreeze.cfg: Tasks <- OracleTasks).
TraceTasks == F("")!OracleTasks

\* The table from logged action names to Freeze's actions (the binding's
\* table, oracle/.../freeze/FreezeBinding, names them the same).
Do(c, e) ==
    CASE e.action = "Fork"                -> F(c)!Fork(e.args[1], e.args[2])
      [] e.action = "Attach"              -> F(c)!Attach(e.args[1])
      [] e.action = "AttachBusy"          -> F(c)!AttachBusy
      [] e.action = "Exit"                -> F(c)!Exit(e.args[1])
      [] e.action = "ExitReaped"          -> F(c)!ExitReaped(e.args[1])
      [] e.action = "Zapped"              -> F(c)!Zapped(e.args[1])
      [] e.action = "ExitZapping"         -> F(c)!ExitZapping(e.args[1], e.args[2])
      [] e.action = "Reap"                -> F(c)!Reap(e.args[1], e.args[2])
      [] e.action = "Syscall"             -> F(c)!Syscall(e.args[1])
      [] e.action = "SleepBegin"          -> F(c)!SleepBegin(e.args[1])
      [] e.action = "SleepEnd"            -> F(c)!SleepEnd(e.args[1])
      [] e.action = "Refrigerate"         -> F(c)!Refrigerate(e.args[1])
      [] e.action = "WriteFrozen"         -> F(c)!WriteFrozen
      [] e.action = "WriteThawed"         -> F(c)!WriteThawed
      [] e.action = "WriteBusy"           -> F(c)!WriteBusy
      [] e.action = "Settle"              -> F(c)!Settle
      [] e.action = "CheckpointBegin"     -> F(c)!CheckpointBegin
      [] e.action = "CheckpointBeginBusy" -> F(c)!CheckpointBeginBusy
      [] e.action = "CheckpointEnd"       -> F(c)!CheckpointEnd

TraceInit ==
    /\ i = 1
    /\ state = Trace[1]
    /\ \A c \in Cgroups : F(c)!Init

TraceNext ==
    /\ i < Len(Trace)
    /\ i' = i + 1
    /\ state' = Trace[i + 1]
    /\ \A c \in Cgroups :
          IF c \in DOMAIN Logged[i] THEN Do(c, Logged[i][c]) ELSE state'[c] = state[c]

\* The step oracle's invariants (OracleFreeze.cfg), in every cgroup.
EveryTypeOK                   == \A c \in Cgroups : F(c)!TypeOK
EveryFrozenMeansAllFrozen     == \A c \in Cgroups : F(c)!FrozenMeansAllFrozen
EveryCheckpointSeesFrozenTree == \A c \in Cgroups : F(c)!CheckpointSeesFrozenTree
EveryNoThawWhileCheckpointing == \A c \in Cgroups : F(c)!NoThawWhileCheckpointing
EverySingleCheckpointer       == \A c \in Cgroups : F(c)!SingleCheckpointer
EveryThawedMeansNoneFrozen    == \A c \in Cgroups : F(c)!ThawedMeansNoneFrozen

\* Violated exactly when the whole trace has been matched: TLC's way of saying "accepted".
TraceMatched == i < Len(Trace)
=============================================================================
