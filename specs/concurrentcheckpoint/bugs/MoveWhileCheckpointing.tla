----------------------- MODULE MoveWhileCheckpointing -----------------------
(***************************************************************************)
(* Bug: freezer_can_attach lets a task out of a CHECKPOINTING cgroup. A    *)
(* tree task is moved to another cgroup after the scans and runs while the *)
(* dump writes it. Must violate ImageIsTheFrozenTree.                      *)
(***************************************************************************)
EXTENDS MCConcurrentCheckpoint

MoveFromCheckpointing(state) == state \in {"THAWED", "CHECKPOINTING"}
BugSpec == Spec
=============================================================================
