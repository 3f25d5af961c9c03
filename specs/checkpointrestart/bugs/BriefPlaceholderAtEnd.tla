----------------------- MODULE BriefPlaceholderAtEnd ------------------------
(***************************************************************************)
(* The base planner without departure F3: the placeholder of an orphan     *)
(* of the init exits with the ghosts, after every subreaper flag is        *)
(* restored (a task became a subreaper after an orphan had passed it on    *)
(* its way to the init). Its cfg switches F3 off (Fixes). Must violate     *)
(* PlannerAcceptsEveryTree: a tree the world builds is refused.            *)
(***************************************************************************)
EXTENDS MCCheckpointRestart

\* The planner meets the trees in the world alone (WorldSpec).
BugSpec == WorldSpec
=============================================================================
