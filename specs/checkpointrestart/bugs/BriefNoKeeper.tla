--------------------------- MODULE BriefNoKeeper ----------------------------
(***************************************************************************)
(* The base planner without departure F4: no keeper for a group cycle      *)
(* (the init and its child swapped groups: a pure swap cannot be replayed  *)
(* with setpgid alone). Its cfg switches F4 off (Fixes). Must violate      *)
(* PlannerAcceptsEveryTree: a tree the world builds is refused.            *)
(***************************************************************************)
EXTENDS MCCheckpointRestart

\* The planner meets the trees in the world alone (WorldSpec).
BugSpec == WorldSpec
=============================================================================
