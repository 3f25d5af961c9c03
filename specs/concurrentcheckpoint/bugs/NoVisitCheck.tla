---------------------------- MODULE NoVisitCheck ----------------------------
(***************************************************************************)
(* Bug: ckpt_obj_visited is left out: the dump ends without asking whether *)
(* it met every collected object. An outside task that shares fd table 11  *)
(* with the tree takes its own reference to file 21 (which the tree's      *)
(* table 12 holds too), closes 21 in table 11 and drops the table, all     *)
(* after collect and before the leak check: every count matches again, but *)
(* file 21 is held from outside. Must violate LeakCheckNotFooled.          *)
(***************************************************************************)
EXTENDS MCConcurrentCheckpoint

BuggyVisitCheck ==
    /\ phase = "dumping" /\ cursor = Len(arr) + 1
    /\ phase' = "dumped"
    /\ UNCHANGED <<world, count, arr, cursor, users, visits, written, dumped, error>>

BugNext == \/ (CallNext \/ EnvNext \/ BuggyVisitCheck) /\ Ghost
           \/ Returned
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
