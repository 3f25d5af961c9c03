------------------------ MODULE FailureKeepsFreezer ------------------------
(***************************************************************************)
(* Bug: the error path returns without cgroup_freezer_end_checkpoint, so  *)
(* the cgroup stays CHECKPOINTING: every write to freezer.state fails     *)
(* with EBUSY forever and the tree can never be thawed.  Must violate     *)
(* FreezerReleased.                                                       *)
(***************************************************************************)
EXTENDS MCSharedObjects

BuggyEnd ==
    /\ phase = "failed"
    /\ phase' = "ended"
    /\ UNCHANGED <<world, freezer, cursor, objref, users, written, image, error>>

BugNext == Next \/ BuggyEnd
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
