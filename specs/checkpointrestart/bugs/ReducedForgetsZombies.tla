------------------------ MODULE ReducedForgetsZombies ------------------------
(***************************************************************************)
(* An unsound reduction of the world: the flagless world whose trees also  *)
(* forget which tasks are zombies (a zombie will never run again, so it    *)
(* looks like a task that does nothing), as a view that drops the zombie   *)
(* flag would.  Its exit hands the orphans on but leaves no zombie, so it  *)
(* never builds a tree with a zombie, and a zombie's wait() has nothing to *)
(* match.  Must violate FlaglessWorldHasEveryTree on the world of 3 tasks. *)
(***************************************************************************)
EXTENDS MCCheckpointRestart

\* The reduction's view of a tree: no subreaper flags, and no zombies.
StripFlagsAndZombies(w) == [t \in DOMAIN w |-> [w[t] EXCEPT !.sub = FALSE, !.zombie = FALSE]]
=============================================================================
