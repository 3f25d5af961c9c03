-------------------------- MODULE VisitedFlagOnly ---------------------------
(***************************************************************************)
(* linux-cr's ckpt_obj_visited as written: one CKPT_OBJ_VISITED flag per   *)
(* object, so the check asks only that the dump met each collected object  *)
(* at least once. The race of NoVisitCheck passes it: file 21 collected    *)
(* through two tables, one path lost between collect and the leak check,   *)
(* the other still met by the dump. Must violate LeakCheckNotFooled; the   *)
(* spec's check counts the references the dump met against the users       *)
(* collect counted.                                                        *)
(***************************************************************************)
EXTENDS MCConcurrentCheckpoint

FlagVisitedOK(o) == visits[o] > 0
BugSpec == Spec
=============================================================================
