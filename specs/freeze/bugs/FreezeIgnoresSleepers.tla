-------------------- MODULE FreezeIgnoresSleepers --------------------
(***************************************************************************)
(* Bug: the freezer counts a task in uninterruptible sleep as frozen      *)
(* enough, so a vfork parent lets the cgroup become FROZEN while it can   *)
(* still wake up and run.  Must violate FrozenMeansAllFrozen.             *)
(***************************************************************************)
EXTENDS MCFreeze

BuggySettle ==
    /\ freezer = "FREEZING"
    /\ \A t \in Live : tstate[t] \in {"frozen", "dsleep"}
    /\ freezer' = "FROZEN"
    /\ UNCHANGED <<tstate, ckpt>>

BugNext == Next \/ BuggySettle
BugSpec == Init /\ [][BugNext]_vars /\ Fairness
=============================================================================
