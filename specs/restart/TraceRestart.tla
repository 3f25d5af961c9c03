---------------------------- MODULE TraceRestart ----------------------------
(***************************************************************************)
(* Trace validation of Restart, the standard way: one kernel trace,        *)
(* written as a TLA+ module that EXTENDS this one, checked by its own TLC  *)
(* process (oracle/.../trace/TraceValidation).  The kernel has one Restart *)
(* instance per restart (named by its cgroup), which exists while the      *)
(* restart runs; Live names them per state.  Init is OracleInit: the plan  *)
(* is the Java planner's, as the state gives it (see OracleRestart.tla).   *)
(* TraceNext forces every variable to the next logged state and checks     *)
(* each instance the step touches as the step oracle does (InstanceStep);  *)
(* success shows as TraceMatched violated in the last state.               *)
(***************************************************************************)
EXTENDS Integers, Sequences, TLC

CONSTANTS
    Errnos, Fixes,
                      \* Restart's constants, as the step oracle has them (OracleRestart.cfg)
    Trace,            \* <<state 1, ..., state n>>: [instance -> the spec's variables]
    Logged,           \* <<step 1, ..., step n-1>>: [instance -> [action, args]]
    Live              \* <<instances 1, ..., instances n>>: the instances that exist in each state

VARIABLES
    state,            \* [instance -> the spec's variables]
    i                 \* how many logged states have been matched

\* Restart seen from instance c, in the current state (and, primed, the next).
R(c) == INSTANCE OracleRestart WITH
        saved <- state[c].saved, frozenFlag <- state[c].frozenFlag, plan <- state[c].plan,
        pc <- state[c].pc, proc <- state[c].proc, held <- state[c].held,
        stage <- state[c].stage, cursor <- state[c].cursor, phase <- state[c].phase,
        error <- state[c].error, illegal <- state[c].illegal, frozen <- state[c].frozen,
        imageObjs <- state[c].imageObjs, objs <- state[c].objs

\* Restart in instance c of logged state k.
At(k, c) == INSTANCE OracleRestart WITH
        saved <- Trace[k][c].saved, frozenFlag <- Trace[k][c].frozenFlag, plan <- Trace[k][c].plan,
        pc <- Trace[k][c].pc, proc <- Trace[k][c].proc, held <- Trace[k][c].held,
        stage <- Trace[k][c].stage, cursor <- Trace[k][c].cursor, phase <- Trace[k][c].phase,
        error <- Trace[k][c].error, illegal <- Trace[k][c].illegal, frozen <- Trace[k][c].frozen,
        imageObjs <- Trace[k][c].imageObjs, objs <- Trace[k][c].objs

\* The step oracle's constants (OracleRestart.cfg).
TraceErrnos == R("")!OracleErrnos
TraceFixes  == R("")!OracleFixes

\* The table from logged action names to Restart's actions (the binding's
\* actionNames, which names them the same).
Do(c, e) ==
    CASE e.action = "Create"          -> R(c)!Create(e.args[1])
      [] e.action = "Setsid"          -> R(c)!Setsid(e.args[1])
      [] e.action = "Setpgid"         -> R(c)!Setpgid(e.args[1], e.args[2])
      [] e.action = "PlaceholderExit" -> R(c)!PlaceholderExit(e.args[1])
      [] e.action = "SetSubreaperFlag" -> R(c)!SetSubreaperFlag(e.args[1])
      [] e.action = "BeginRestore"    -> R(c)!BeginRestore
      [] e.action = "RestoreTask"     -> R(c)!RestoreTask(e.args[1])
      [] e.action = "ZombieExit"      -> R(c)!ZombieExit(e.args[1])
      [] e.action = "GhostExit"       -> R(c)!GhostExit(e.args[1])
      [] e.action = "Freeze"          -> R(c)!Freeze
      [] e.action = "FreezeFails"     -> R(c)!FreezeFails
      [] e.action = "Resume"          -> R(c)!Resume
      [] e.action = "InjectFault"     -> R(c)!InjectFault(e.args[1])
      [] e.action = "Cleanup"         -> R(c)!Cleanup
      [] e.action = "Ended"           -> R(c)!Ended

TraceInit ==
    /\ i = 1
    /\ state = Trace[1]
    /\ \A c \in Live[1] : At(1, c)!OracleInit

\* Instance c's part of step i, as the step oracle checks it: the logged action (from
\* Init when the step makes the instance); a step that makes it and is none of its
\* actions leaves it in Init; any other step leaves it unchanged.
InstanceStep(c) ==
    IF c \in DOMAIN Logged[i] THEN (c \in Live[i] \/ At(i, c)!OracleInit) /\ Do(c, Logged[i][c])
    ELSE IF c \notin Live[i] THEN At(i + 1, c)!OracleInit
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

\* The step oracle's invariants (OracleRestart.cfg), in every instance it checks.
EveryTypeOK                        == \A c \in Checked : At(i, c)!TypeOK
EveryStepsAreLegal                 == \A c \in Checked : At(i, c)!StepsAreLegal
EverySingleActiveCursor            == \A c \in Checked : At(i, c)!SingleActiveCursor
EveryTreeBeforeRestore             == \A c \in Checked : At(i, c)!TreeBeforeRestore
EveryNoEarlyResume                 == \A c \in Checked : At(i, c)!NoEarlyResume
EveryGhostsOutliveRestore          == \A c \in Checked : At(i, c)!GhostsOutliveRestore
EveryFailureIsTotal                == \A c \in Checked : At(i, c)!FailureIsTotal
EveryRestoredTreeEqualsSaved       == \A c \in Checked : At(i, c)!RestoredTreeEqualsSaved
EveryRestoredObjectsAsImaged       == \A c \in Checked : At(i, c)!RestoredObjectsAsImaged
EverySessionLeadersKeepTheirGroup  == \A c \in Checked : At(i, c)!SessionLeadersKeepTheirGroup
EveryIdsAreHeld                    == \A c \in Checked : At(i, c)!IdsAreHeld
EveryGroupInOneSession             == \A c \in Checked : At(i, c)!GroupInOneSession

\* Violated exactly when the whole trace has been matched: TLC's way of saying "accepted".
TraceMatched == i < Len(Trace)
=============================================================================
