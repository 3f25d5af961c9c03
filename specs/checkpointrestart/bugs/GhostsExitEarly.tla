-------------------------- MODULE GhostsExitEarly ---------------------------
(***************************************************************************)
(* Bug: a ghost (or placeholder, or keeper) exits as soon as it has        *)
(* created what it had to create, before the tasks of its session or group *)
(* restored their pgid.  Must violate GhostsOutliveRestore.                *)
(***************************************************************************)
EXTENDS MCCheckpointRestart

BuggyGhostExit(t) ==
    /\ mode = "restart" /\ phase \in {"creating", "restoring"} /\ plan.ok
    /\ t \in DOMAIN proc /\ plan.kind[t] # "task"
    /\ \A i \in pc..Len(plan.steps) : plan.steps[i].actor # t
    /\ LET P == Without(proc, t) IN
       /\ proc' = P
       /\ held' = (held \cup {t}) \cap IdsUsed(P)
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, pc, stage, cursor, phase, error, illegal, frozen>>
    /\ UNCHANGED <<world, nextPid, mode>>

BugNext == CRNext \/ \E t \in 1..(3 * MaxPid) : BuggyGhostExit(t)
BugSpec == CRInit /\ [][BugNext]_allVars
=============================================================================
