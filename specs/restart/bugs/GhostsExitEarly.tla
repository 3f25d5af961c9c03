-------------------------- MODULE GhostsExitEarly ---------------------------
(***************************************************************************)
(* Bug: a ghost (or placeholder, or keeper) exits as soon as it has        *)
(* created what it had to create, without waiting for every task to be     *)
(* restored: the pid a session or group of the tree is named after may be  *)
(* gone before the tasks that use it have their sid and pgid restored.     *)
(* Must violate GhostsOutliveRestore.                                      *)
(***************************************************************************)
EXTENDS MCRestart

BuggyGhostExit(t) ==
    /\ phase \in {"creating", "restoring"} /\ plan.ok
    /\ t \in DOMAIN proc /\ plan.kind[t] # "task"
    /\ \A i \in pc..Len(plan.steps) : plan.steps[i].actor # t
    /\ LET P == Without(proc, t) IN
       /\ proc' = P
       /\ held' = (held \cup {t}) \cap IdsUsed(P)
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, pc, stage, cursor, phase, error, illegal, frozen>>

BugNext == Next \/ \E t \in DOMAIN proc : BuggyGhostExit(t)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
