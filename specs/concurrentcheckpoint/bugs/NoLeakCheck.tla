---------------------------- MODULE NoLeakCheck -----------------------------
(***************************************************************************)
(* Bug: the leak check is left out (ckpt_obj_contained always passes). A   *)
(* file or fd table an outside task holds from the start is written into   *)
(* the image. Must violate ImageIsContained: the visit marks and the       *)
(* reverse leak check look only at what the tree holds, so nothing else    *)
(* notices a reference from outside.                                       *)
(***************************************************************************)
EXTENDS MCConcurrentCheckpoint

BuggyLeakCheckPasses ==
    /\ phase = "scanned" /\ cursor = Len(arr) + 1
    /\ phase' = "dumping" /\ cursor' = 1
    /\ UNCHANGED <<world, count, arr, users, visits, written, dumped, error>>

BugNext == \/ (CallNext \/ EnvNext \/ BuggyLeakCheckPasses) /\ Ghost
           \/ Returned
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
