-------------------- MODULE AttachToFrozen --------------------
(***************************************************************************)
(* Bug: freezer_can_attach is missing, so a running task from outside    *)
(* joins a FROZEN cgroup.  Must violate FrozenMeansAllFrozen.             *)
(***************************************************************************)
EXTENDS MCFreeze

BuggyAttach(c) ==
    /\ c \in Tasks /\ c \notin Members
    /\ tstate' = WithNew(c, "running")
    /\ UNCHANGED <<freezer, ckpt>>

BugNext == Next \/ \E c \in Tasks : BuggyAttach(c)
BugSpec == Init /\ [][BugNext]_vars /\ Fairness
=============================================================================
