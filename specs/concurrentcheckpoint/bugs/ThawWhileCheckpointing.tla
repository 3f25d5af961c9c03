----------------------- MODULE ThawWhileCheckpointing -----------------------
(***************************************************************************)
(* Bug: freezer_write accepts THAWED while the cgroup is CHECKPOINTING     *)
(* (the guard linux-cr adds to freezer.state writes is missing). An        *)
(* outside task thaws the tree in the middle of the call. Must violate     *)
(* NoThawMidCall.                                                          *)
(***************************************************************************)
EXTENDS MCConcurrentCheckpoint

ThawFromAnyFrozen(state) == state \in {"FROZEN", "CHECKPOINTING"}
BugSpec == Spec
=============================================================================
