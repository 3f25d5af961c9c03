------------------------- MODULE ResumeBeforeGhosts -------------------------
(***************************************************************************)
(* Bug: the coordinator declares success once the cursor passed the last   *)
(* task, without waiting for nr_total to reach 0 (the ghosts' and          *)
(* placeholders' exits): tasks run in user space next to ghosts, with      *)
(* orphans not yet handed to their reaper.  Must violate NoEarlyResume.    *)
(***************************************************************************)
EXTENDS MCRestart

BuggyResume ==
    /\ phase = "ghosts" /\ (frozenFlag => frozen)
    /\ stage' = [t \in DOMAIN saved |-> IF stage[t] = "restored" THEN "running" ELSE stage[t]]
    /\ phase' = "done"
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, pc, proc, held, cursor, error, illegal, frozen>>

BugNext == Next \/ BuggyResume
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
