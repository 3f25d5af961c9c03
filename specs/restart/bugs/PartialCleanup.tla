--------------------------- MODULE PartialCleanup ---------------------------
(***************************************************************************)
(* Bug: the error path kills and reaps every task of the restart but       *)
(* forgets the pids that exited ghosts left allocated for their sessions   *)
(* and groups (their struct pid is not put): pids of the failed restart    *)
(* stay in use.  Must violate FailureIsTotal.                              *)
(***************************************************************************)
EXTENDS MCRestart

BuggyCleanup ==
    /\ phase = "failed"
    /\ proc' = EmptyFn
    /\ stage' = [t \in DOMAIN saved |-> IF stage[t] = "none" THEN "none" ELSE "killed"]
    /\ phase' = "aborted"
    /\ objs' = EmptyFn
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, plan, pc, held, cursor, error, illegal, frozen>>

BugNext == Next \/ BuggyCleanup
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
