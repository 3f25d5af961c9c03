----------------------- MODULE HeaderBeforeLeakCheck -----------------------
(***************************************************************************)
(* Bug: the header is written as soon as the freezer is taken, before the *)
(* scan and the leak check, so an image of a refused checkpoint starts    *)
(* like a good one (a reader that stops early mistakes it for a          *)
(* truncated good image).  Must violate EarlyFailureWritesOnlyError.      *)
(***************************************************************************)
EXTENDS MCSharedObjects

BuggyBegin ==
    /\ phase = "idle" /\ freezer = "FROZEN"
    /\ freezer' = "CHECKPOINTING" /\ phase' = "begun"
    /\ image' = <<HeaderRec>>
    /\ UNCHANGED <<world, cursor, objref, users, written, error>>

BugNext == Next \/ BuggyBegin
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
