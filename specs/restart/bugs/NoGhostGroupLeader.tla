------------------------- MODULE NoGhostGroupLeader -------------------------
(***************************************************************************)
(* Bug: the planner forgets Loop B (dead group leaders): no ghost stands   *)
(* in for a group whose leader was reaped, so the members' setpgid(0, G)   *)
(* finds no group G in their session.  Must violate StepsAreLegal.         *)
(***************************************************************************)
EXTENDS MCRestart

BuggyPlan(s) ==
    LET p == Plan(s)
        GG == GhostGroups(s)
        steps == SelectSeq(p.steps, LAMBDA st : st.pid \notin GG)
        q == WithSteps(p, steps)
    IN [q EXCEPT !.live = @ \ GG, !.kind = [x \in DOMAIN @ \ GG |-> @[x]]]

BugInit == SavedInit /\ InitWith(saved, frozenFlag, BuggyPlan(saved))
BugSpec == BugInit /\ [][Next]_vars
=============================================================================
