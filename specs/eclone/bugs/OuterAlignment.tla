-------------------- MODULE OuterAlignment --------------------
(***************************************************************************)
(* Bug: the pid array is aligned to the outermost levels (index 0 = the   *)
(* root namespace) instead of the caller's innermost ones, so a single      *)
(* requested pid lands in the root namespace.                             *)
(* Must violate EcloneHonoursRequest.                                     *)
(***************************************************************************)
EXTENDS MCEclone

BuggyClone(c, k, r) ==
    LET v == [i \in 1..(TaskLevel(c) + 1) |-> IF i = 1 THEN r[1] ELSE AutoPid(NsAt(task[c].ns, i - 1))]
    IN /\ Alive(c) /\ task[c].priv /\ TaskLevel(c) >= 1
       /\ Len(r) = 1 /\ r[1] > 0 /\ ~BadTarget(RootNs, r[1]) /\ ~Used(RootNs, r[1])
       /\ \A l \in 1..TaskLevel(c) : ~NoFreePid(NsAt(task[c].ns, l))
       /\ k \in TaskIds /\ k \notin DOMAIN task
       /\ pidmap' = [n \in DOMAIN ns |-> IF Within(task[c].ns, n) THEN pidmap[n] \cup {v[Level(n) + 1]} ELSE pidmap[n]]
       /\ ns' = [n \in DOMAIN ns |-> IF Within(task[c].ns, n) /\ Level(n) > 0 THEN [ns[n] EXCEPT !.last = v[Level(n) + 1]] ELSE ns[n]]
       /\ task' = [t \in DOMAIN task \cup {k} |->
                   IF t = k THEN [pids |-> v, ns |-> task[c].ns, parent |-> c, tgid |-> k, state |-> "alive", priv |-> TRUE, subreaper |-> FALSE, sid |-> task[c].sid, pgid |-> task[c].pgid]
                   ELSE task[t]]
       /\ UNCHANGED ghost
       /\ lastClone' = [child |-> k, req |-> r, newns |-> FALSE, priv |-> TRUE]
       /\ lastKill' = NoKill

BugNext == Next \/ \E c \in DOMAIN task, k \in TaskIds, r \in Requests : BuggyClone(c, k, r)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
