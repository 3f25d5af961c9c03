--------------------------- MODULE BriefR2Always ----------------------------
(***************************************************************************)
(* The base planner without departure F1: its R2 applies                   *)
(* whenever the parent is a leader of another session, even when the       *)
(* parent cannot be born in the child's session (an orphan of a dead       *)
(* session adopted by an init that called setsid). Its cfg switches F1 off *)
(* (Fixes). Must violate PlannerAcceptsEveryTree: a tree the world         *)
(* builds is refused.                                                      *)
(***************************************************************************)
EXTENDS MCCheckpointRestart

\* The planner meets the trees in the world alone (WorldSpec).
BugSpec == WorldSpec
=============================================================================
