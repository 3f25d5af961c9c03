-------------------- MODULE SettleCountsZombies --------------------
(***************************************************************************)
(* Bug: the freezer counts zombies, which never enter the refrigerator,  *)
(* so a cgroup with a zombie stays FREEZING forever and checkpoint()      *)
(* keeps failing with EBUSY.  Must violate the liveness FreezeCompletes.  *)
(***************************************************************************)
EXTENDS MCFreeze

BuggySettle ==
    /\ Settle
    /\ \A t \in Members : tstate[t] = "frozen"

\* Settle is replaced: the correct settle steps that BuggySettle refuses are removed.
BugNext == (Next /\ ~Settle) \/ BuggySettle
BugFairness ==
    /\ \A t \in Tasks : WF_vars(Refrigerate(t)) /\ WF_vars(SleepEnd(t))
    /\ WF_vars(BuggySettle)
    /\ WF_vars(CheckpointEnd)
BugSpec == Init /\ [][BugNext]_vars /\ BugFairness
=============================================================================
