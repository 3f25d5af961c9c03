------------------------- MODULE NoReverseLeakCheck -------------------------
(***************************************************************************)
(* Bug: the dump writes an object collect never saw instead of failing     *)
(* with "reverse leak". An outside task that shares a tree task's fd table *)
(* dup2()s a file of its own into it after collect walked the table, then  *)
(* drops the table before the leak check: the file was never counted, so   *)
(* never leak-checked, and it goes into the image while the outside task   *)
(* still holds it. Must violate ImageIsContained.                          *)
(***************************************************************************)
EXTENDS MCConcurrentCheckpoint

BuggyDumpTask(t) ==
    /\ phase = "dumping" /\ cursor <= Len(arr) /\ t = arr[cursor]
    /\ Meets(t) \ Collected # {}
    \* visits are counted for collected objects only: the others are written uncounted
    /\ visits' = [o \in DOMAIN visits |->
                    visits[o] + (IF o \in holds[t] THEN 1 ELSE 0)
                    + Cardinality({f \in (holds[t] \cap Tables) \ written : o \in holds[f]})]
    /\ written' = written \cup Meets(t)
    /\ dumped' = Append(dumped, t)
    /\ cursor' = cursor + 1
    /\ UNCHANGED <<world, phase, count, arr, users, error>>

BugNext == \/ (CallNext \/ EnvNext \/ \E t \in TreeTasks : BuggyDumpTask(t)) /\ Ghost
           \/ Returned
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
