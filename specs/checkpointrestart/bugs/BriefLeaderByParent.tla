------------------------ MODULE BriefLeaderByParent -------------------------
(***************************************************************************)
(* The base planner without departure F2: a leader that must be born in    *)
(* a given session is created by its parent only, never with CLONE_PARENT  *)
(* by that session's leader (a leader forked by its sibling session        *)
(* leader, which then had a child before its own setsid). Its cfg switches *)
(* F2 off (Fixes). Must violate PlannerAcceptsEveryTree: a tree the        *)
(* world builds is refused.                                                *)
(***************************************************************************)
EXTENDS MCCheckpointRestart

\* The planner meets the trees in the world alone (WorldSpec).
BugSpec == WorldSpec
=============================================================================
