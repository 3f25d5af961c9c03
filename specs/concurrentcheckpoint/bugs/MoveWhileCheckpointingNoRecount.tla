------------------ MODULE MoveWhileCheckpointingNoRecount -------------------
(***************************************************************************)
(* The second scan's count check is what stands between a tree that        *)
(* changes between the two scans and an array that does not match the      *)
(* tasks the first scan checked. With the freezer's guard in place nothing *)
(* in the tree can run after the first scan, so the check never fires (see *)
(* README); here freezer_can_attach lets a task out of a CHECKPOINTING     *)
(* cgroup, where it forks a child into the tree between the scans, and the *)
(* second scan fills the array without comparing the counts. Must violate  *)
(* ScansAgree.                                                             *)
(***************************************************************************)
EXTENDS MCConcurrentCheckpoint

MoveFromCheckpointing(state) == state \in {"THAWED", "CHECKPOINTING"}

BuggyScan2 ==
    /\ phase = "counted" /\ Cardinality(members) # count
    /\ phase' = "scanned" /\ arr' = TreeSeq
    /\ UNCHANGED <<world, count, cursor, users, visits, written, dumped, error>>

BugNext == \/ (CallNext \/ EnvNext \/ BuggyScan2) /\ Ghost
           \/ Returned
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
