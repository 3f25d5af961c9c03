---------------------- MODULE ContextRefsCountAsLeak ----------------------
(***************************************************************************)
(* Bug: the leak check forgets the references the checkpoint context      *)
(* holds itself (ctx->file, ctx->logfile: the +1 of ckpt_obj_contained),  *)
(* so a self checkpoint whose image file is open in the tree always fails *)
(* with a "usage leak" nobody outside causes.  Must violate               *)
(* LeakVerdictIsExact.                                                    *)
(***************************************************************************)
EXTENDS MCSharedObjects

BuggyLeaks == {o \in Collected : Checked(o) /\ RefCount(o) # users[o]}

BuggyLeakFound(o) ==
    /\ phase = "scanned" /\ cursor = Len(tree) + 1 /\ ~subtree
    /\ o \in BuggyLeaks
    /\ Fail("leak", o)
    /\ UNCHANGED <<world, freezer, cursor, objref, users, written>>

BugNext == Next \/ \E o \in Objs : BuggyLeakFound(o)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
