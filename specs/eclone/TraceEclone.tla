----------------------------- MODULE TraceEclone -----------------------------
(***************************************************************************)
(* Trace validation of Eclone, the standard way: one kernel trace, written *)
(* as a TLA+ module that EXTENDS this one, checked by its own TLC process  *)
(* (oracle/.../trace/TraceValidation); see TraceFreeze.tla for the         *)
(* recipe.  The kernel has one Eclone instance ("pids"); a logged state is *)
(* a function from instance names to Eclone's variables, so that both     *)
(* specs log the same way.                                                 *)
(***************************************************************************)
EXTENDS Integers, Sequences, TLC

CONSTANTS
    TaskIds, NsIds, RootNs, HostTask, NoTask, PidMax, Reserved, MaxLevel, Requests,
                      \* Eclone's constants, as the step oracle has them (OracleEclone.cfg)
    Trace,            \* <<state 1, ..., state n>>: [instance -> [ns, pidmap, task, ghost, lastClone, lastKill]]
    Logged            \* <<step 1, ..., step n-1>>: [instance -> [action, args]]

VARIABLES
    state,            \* [instance -> Eclone's variables]
    i                 \* how many logged states have been matched

Instances == DOMAIN Trace[1]

E(c) == INSTANCE OracleEclone WITH ns <- state[c].ns, pidmap <- state[c].pidmap, task <- state[c].task,
                                   ghost <- state[c].ghost, lastClone <- state[c].lastClone,
                                   lastKill <- state[c].lastKill

\* The step oracle's constants (OracleEclone.cfg).
TraceTaskIds  == E("")!OracleTaskIds
TraceNsIds    == E("")!OracleNsIds
TraceRequests == E("")!OracleRequests

\* The table from logged action names to Eclone's actions (the binding's
\* table, oracle/.../eclone/EcloneBinding, names them the same).
Do(c, e) ==
    CASE e.action = "Clone"             -> E(c)!Clone(e.args[1], e.args[2], e.args[3], e.args[4], e.args[5],
                                                      e.args[6], e.args[7], e.args[8])
      [] e.action = "CloneFail"         -> E(c)!CloneFail(e.args[1], e.args[2], e.args[3], e.args[4], e.args[5],
                                                          e.args[6])
      [] e.action = "Exit"              -> E(c)!Exit(e.args[1])
      [] e.action = "NamespaceInitExit" -> E(c)!NamespaceInitExit(e.args[1])
      [] e.action = "Wait"              -> E(c)!Wait(e.args[1], e.args[2])
      [] e.action = "WaitFail"          -> E(c)!WaitFail(e.args[1], e.args[2], e.args[3])
      [] e.action = "DropPrivilege"     -> E(c)!DropPrivilege(e.args[1])
      [] e.action = "SetSubreaper"      -> E(c)!SetSubreaper(e.args[1], e.args[2])
      [] e.action = "SetSid"            -> E(c)!SetSid(e.args[1])
      [] e.action = "SetSidFail"        -> E(c)!SetSidFail(e.args[1], e.args[2])
      [] e.action = "SetPgid"           -> E(c)!SetPgid(e.args[1], e.args[2], e.args[3])
      [] e.action = "SetPgidFail"       -> E(c)!SetPgidFail(e.args[1], e.args[2], e.args[3], e.args[4])
      [] e.action = "RestorePgid"       -> E(c)!RestorePgid(e.args[1], e.args[2])
      [] e.action = "Kill"              -> E(c)!Kill(e.args[1], e.args[2], e.args[3])
      [] e.action = "KillHarmless"      -> E(c)!KillHarmless(e.args[1], e.args[2], e.args[3])
      [] e.action = "KillFail"          -> E(c)!KillFail(e.args[1], e.args[2], e.args[3], e.args[4])
      [] e.action = "OtherStep"         -> E(c)!OtherStep

TraceInit ==
    /\ i = 1
    /\ state = Trace[1]
    /\ \A c \in Instances : E(c)!Init

TraceNext ==
    /\ i < Len(Trace)
    /\ i' = i + 1
    /\ state' = Trace[i + 1]
    /\ \A c \in Instances :
          IF c \in DOMAIN Logged[i] THEN Do(c, Logged[i][c]) ELSE state'[c] = state[c]

\* The step oracle's invariants (OracleEclone.cfg), in every instance.
EveryTypeOK                   == \A c \in Instances : E(c)!TypeOK
EveryPidsUniquePerNamespace   == \A c \in Instances : E(c)!PidsUniquePerNamespace
EveryPidAtEveryLevel          == \A c \in Instances : E(c)!PidAtEveryLevel
EveryPidmapMatchesTasks       == \A c \in Instances : E(c)!PidmapMatchesTasks
EveryGhostsAreAnchored        == \A c \in Instances : E(c)!GhostsAreAnchored
EverySessionAndGroupIdsAreHeld == \A c \in Instances : E(c)!SessionAndGroupIdsAreHeld
EveryGroupInOneSession        == \A c \in Instances : E(c)!GroupInOneSession
EveryPidOneIsInit             == \A c \in Instances : E(c)!PidOneIsInit
EveryNamespaceDiesWithItsInit == \A c \in Instances : E(c)!NamespaceDiesWithItsInit
EveryParentIsAlive            == \A c \in Instances : E(c)!ParentIsAlive
EveryParentInOwnNamespace     == \A c \in Instances : E(c)!ParentInOwnNamespace
EveryEcloneHonoursRequest     == \A c \in Instances : E(c)!EcloneHonoursRequest
EveryExplicitPidsNeedPrivilege == \A c \in Instances : E(c)!ExplicitPidsNeedPrivilege
EveryInitKilledOnlyFromAbove  == \A c \in Instances : E(c)!InitKilledOnlyFromAbove
EveryLeaderOutlivesItsThreads == \A c \in Instances : E(c)!LeaderOutlivesItsThreads
EveryThreadsShareSessionAndGroup == \A c \in Instances : E(c)!ThreadsShareSessionAndGroup
EveryThreadsHaveLeadersParent == \A c \in Instances : E(c)!ThreadsHaveLeadersParent
EveryOnlyLeadersAreZombies    == \A c \in Instances : E(c)!OnlyLeadersAreZombies

\* Violated exactly when the whole trace has been matched: TLC's way of saying "accepted".
TraceMatched == i < Len(Trace)
=============================================================================
