-------------------- MODULE ForkFromFrozen --------------------
(***************************************************************************)
(* Bug: fork checks only that the parent is alive, not that it is out of  *)
(* the refrigerator, so a frozen cgroup grows a task.                     *)
(* Must violate FrozenCgroupGainsNoTask.                                  *)
(***************************************************************************)
EXTENDS MCFreeze

BuggyFork(p, c) ==
    /\ p \in Members /\ tstate[p] # "zombie"
    /\ c \in Tasks /\ c \notin Members
    /\ tstate' = WithNew(c, IF Freezing THEN "frozen" ELSE "running")
    /\ UNCHANGED <<freezer, ckpt>>

BugNext == Next \/ \E p \in Members, c \in Tasks : BuggyFork(p, c)
BugSpec == Init /\ [][BugNext]_vars /\ Fairness
=============================================================================
