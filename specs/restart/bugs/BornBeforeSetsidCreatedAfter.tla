-------------------- MODULE BornBeforeSetsidCreatedAfter --------------------
(***************************************************************************)
(* Bug: every leader calls setsid right after it is created, before any    *)
(* of its children: the children born before their parent's setsid (R2:    *)
(* created in the parent's birth session) land in the parent's new         *)
(* session instead.  Must violate RestoredTreeEqualsSaved.                 *)
(***************************************************************************)
EXTENDS MCRestart

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

BugInit == SavedInit /\ InitWith(saved, frozenFlag, BuggyPlan(saved))
BugSpec == BugInit /\ [][Next]_vars
=============================================================================
