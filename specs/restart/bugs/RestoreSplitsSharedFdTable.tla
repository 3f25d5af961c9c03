----------------------- MODULE RestoreSplitsSharedFdTable -----------------------
(***************************************************************************)
(* Bug: restore_task makes every task an fd table of its own, with the    *)
(* image's fds, instead of looking the table's objref up in the restart's  *)
(* objhash: two tasks that shared one fd table (CLONE_FILES) come back     *)
(* with two, and an fd one of them opens is not the other's.               *)
(* Must violate RestoredObjectsAsImaged.                                   *)
(***************************************************************************)
EXTENDS MCRestart

BuggyRestoreTask(t) ==
    /\ phase = "restoring" /\ cursor \in 1..Len(plan.image) /\ plan.image[cursor] = t
    /\ stage[t] = "active"
    /\ proc' = KRestore(K, t, saved[t]).proc
    /\ objs' = IF t \in DOMAIN imageObjs THEN objs @@ (t :> [imageObjs[t] EXCEPT !.files = 100 + t]) ELSE objs
    /\ IF saved[t].zombie
       THEN /\ stage' = [stage EXCEPT ![t] = "restored"]
            /\ UNCHANGED <<cursor, phase>>
       ELSE Activate(cursor + 1, [stage EXCEPT ![t] = "restored"])
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, plan, pc, held, error, illegal, frozen>>

BugNext == (Next /\ ~\E t \in DOMAIN saved : RestoreTask(t)) \/ \E t \in DOMAIN saved : BuggyRestoreTask(t)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
