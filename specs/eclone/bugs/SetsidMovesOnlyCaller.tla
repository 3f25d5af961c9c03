------------------- MODULE SetsidMovesOnlyCaller -------------------
(***************************************************************************)
(* Bug: setsid keeps the session and group ids in the calling task instead *)
(* of the thread group's shared signal_struct, so only the calling thread  *)
(* moves to the new session (named after its leader); the other threads   *)
(* of its group stay behind.  Must violate ThreadsShareSessionAndGroup.     *)
(***************************************************************************)
EXTENDS MCEclone

BuggySetSid(t) ==
    LET L == task[t].tgid IN
    /\ Alive(t)
    /\ ~\E u \in DOMAIN task : task[u].pgid = L
    /\ LET T == [task EXCEPT ![t].sid = L, ![t].pgid = L]
       IN /\ task' = T
          /\ ghost' = [g \in KeptGhosts(T, ghost) |-> ghost[g]]
          /\ pidmap' = Collected(T, ghost, DOMAIN ns)
    /\ UNCHANGED ns
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

BugNext == Next \/ \E t \in DOMAIN task : BuggySetSid(t)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
