-------------------- MODULE SecondCheckpoint --------------------
(***************************************************************************)
(* Bug: checkpoint begin accepts a cgroup that is already CHECKPOINTING,  *)
(* so two checkpoints run on one cgroup and the first to end unfreezes    *)
(* the tree under the second.  Must violate SingleCheckpointer.           *)
(***************************************************************************)
EXTENDS MCFreeze

BuggyCheckpointBegin ==
    /\ freezer \in {"FROZEN", "CHECKPOINTING"}
    /\ freezer' = "CHECKPOINTING"
    /\ ckpt' = ckpt + 1
    /\ UNCHANGED tstate

BugNext == Next \/ BuggyCheckpointBegin
BugSpec == Init /\ [][BugNext]_vars /\ Fairness
=============================================================================
