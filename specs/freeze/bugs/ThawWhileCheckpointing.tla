-------------------- MODULE ThawWhileCheckpointing --------------------
(***************************************************************************)
(* Bug: the EBUSY check on freezer.state writes is missing, so a user can *)
(* thaw the cgroup while checkpoint() is reading it.                      *)
(* Must violate NoThawWhileCheckpointing.                                 *)
(***************************************************************************)
EXTENDS MCFreeze

BuggyWriteThawed ==
    /\ freezer' = "THAWED"
    /\ tstate' = [t \in Members |-> IF tstate[t] = "frozen" THEN "running" ELSE tstate[t]]
    /\ UNCHANGED ckpt

BugNext == Next \/ BuggyWriteThawed
BugSpec == Init /\ [][BugNext]_vars /\ Fairness
=============================================================================
