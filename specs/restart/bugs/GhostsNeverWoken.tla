-------------------------- MODULE GhostsNeverWoken --------------------------
(***************************************************************************)
(* Bug: restore_activate_next activates the tasks but never wakes the      *)
(* ghosts' wait queue once the last one is activated: ghosts and           *)
(* placeholders sleep forever, nr_total never reaches 0, and restart()     *)
(* never returns (unless something else fails).  Must violate RestartEnds  *)
(* (liveness).                                                             *)
(***************************************************************************)
EXTENDS MCRestart

\* Every step but GhostExit.
BuggyProgress == Progress /\ ~\E t \in DOMAIN proc : GhostExit(t)
BugNext == BuggyProgress \/ (\E e \in Errnos : InjectFault(e)) \/ Ended
BugSpec == Init /\ [][BugNext]_vars /\ WF_vars(BuggyProgress)
=============================================================================
