------------------------ MODULE LeakCheckSkipsPipes ------------------------
(***************************************************************************)
(* Bug: the leak check trusts pipes (an object type without ref_users in  *)
(* the objhash ops, so ckpt_obj_contained never compares its count).  A   *)
(* pipe whose other end lives outside the container passes, and restart   *)
(* splits one pipe into two.  Must violate ContainerIsClosed.             *)
(***************************************************************************)
EXTENDS MCSharedObjects

BuggyLeakCheckPasses ==
    /\ phase = "scanned" /\ cursor = Len(tree) + 1 /\ ~subtree
    /\ {o \in Leaks : kind[o] # "pipe"} = {}
    /\ phase' = "dumping" /\ cursor' = 1 /\ image' = <<HeaderRec>>
    /\ UNCHANGED <<world, freezer, objref, users, written, error>>

BugNext == Next \/ BuggyLeakCheckPasses
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
