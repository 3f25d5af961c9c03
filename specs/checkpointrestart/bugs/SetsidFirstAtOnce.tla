------------------------- MODULE SetsidFirstAtOnce --------------------------
(***************************************************************************)
(* Bug: every leader calls setsid right after it is created, before any    *)
(* of its children (BornBeforeSetsidCreatedAfter), on the world alone: the *)
(* whole restart at once must catch it too.  Its cfg runs the round trip   *)
(* with this plan (RoundTripOf <- SetsidFirstRoundTripOf).  Must violate   *)
(* RoundTripOfEveryTree.                                                   *)
(***************************************************************************)
EXTENDS MCCheckpointRestart

HasSetsid(steps, x) == \E i \in 1..Len(steps) : steps[i].op = "setsid" /\ steps[i].pid = x

\* steps with each setsid moved to right after its caller's creation.
RECURSIVE SetsidFirst(_, _)
SetsidFirst(steps, all) ==
    IF steps = << >> THEN << >>
    ELSE LET st == Head(steps) IN
         (IF st.op = "setsid" THEN << >>
          ELSE IF st.op = "create" /\ HasSetsid(all, st.pid) THEN <<st, SetsidStep(st.pid)>>
          ELSE <<st>>)
         \o SetsidFirst(Tail(steps), all)

BuggyPlan(s) == LET p == Plan(s) IN WithSteps(p, SetsidFirst(p.steps, p.steps))

SetsidFirstRoundTripOf(s) == RoundTripWith(s, BuggyPlan(s))

BugSpec == WorldSpec
=============================================================================
