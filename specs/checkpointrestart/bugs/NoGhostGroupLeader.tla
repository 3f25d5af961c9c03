------------------------- MODULE NoGhostGroupLeader -------------------------
(***************************************************************************)
(* Bug: the planner forgets dead group leaders (no ghost group leader):    *)
(* the members' setpgid(0, G) finds no group G.  Must violate              *)
(* StepsAreLegal.                                                          *)
(***************************************************************************)
EXTENDS MCCheckpointRestart

BuggyPlan(s) ==
    LET p == Plan(s)
        GG == GhostGroups(s)
        q == WithSteps(p, SelectSeq(p.steps, LAMBDA st : st.pid \notin GG))
    IN [q EXCEPT !.live = @ \ GG, !.kind = [x \in DOMAIN @ \ GG |-> @[x]]]

BugNext == WorldNext \/ Checkpoint(BuggyPlan(world)) \/ RestartNext
BugSpec == CRInit /\ [][BugNext]_allVars
=============================================================================
