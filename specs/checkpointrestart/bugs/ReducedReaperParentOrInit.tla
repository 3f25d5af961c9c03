---------------------- MODULE ReducedReaperParentOrInit ----------------------
(***************************************************************************)
(* An unsound reduction of the world: the flagless world in which an exit  *)
(* hands its orphans to the exiting task's parent or to the init only, as  *)
(* if a subreaper adopted only its grandchildren (find_new_reaper walks up *)
(* every ancestor).  The world builds an orphan adopted by a subreaper two *)
(* levels up (the init forks 2, 2 forks 3, 3 forks 4, 4 forks 5, 2 becomes *)
(* a subreaper, 4 exits: 5 goes to 2) that this reduction never builds.    *)
(* Must violate FlaglessWorldHasEveryTree on the world of 4 tasks.         *)
(***************************************************************************)
EXTENDS MCCheckpointRestart

\* The flagless exit (its body: the cfg replaces FlaglessExit by this one),
\* its adopter restricted to the parent or the init.
ParentOrInitExit(t, code, r) ==
    /\ WAlive(t) /\ t # Root /\ WAlive(r)
    /\ r \in {Root, world[t].ppid}
    /\ r # Root => /\ \E u \in DOMAIN world : world[u].ppid = t
                   /\ WBelow(world[t].ppid, r)
    /\ WorldStep(Strip(ExitedWorld(WithSubreaper(world, r), t, code)))
    /\ UNCHANGED nextPid
=============================================================================
