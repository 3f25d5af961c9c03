-------------------- MODULE ZombiePidReused --------------------
(***************************************************************************)
(* Bug: the allocator treats a zombie's pid as free, so a fork reuses it    *)
(* before the zombie is reaped.  Must violate PidsUniquePerNamespace.      *)
(***************************************************************************)
EXTENDS MCEclone

LiveUsed(n, q) == \E u \in InNs(n) : task[u].state = "alive" /\ PidIn(u, n) = q

BuggyFork(c, k, p) ==
    /\ Alive(c) /\ TaskLevel(c) = 0
    /\ k \in TaskIds /\ k \notin DOMAIN task
    /\ Used(RootNs, p) /\ ~LiveUsed(RootNs, p)
    /\ task' = [t \in DOMAIN task \cup {k} |->
                IF t = k THEN [pids |-> <<p>>, ns |-> RootNs, parent |-> c, tgid |-> k, state |-> "alive", priv |-> task[c].priv, subreaper |-> FALSE, sid |-> task[c].sid, pgid |-> task[c].pgid]
                ELSE task[t]]
    /\ UNCHANGED <<ns, pidmap, ghost>>
    /\ lastClone' = [child |-> k, req |-> << >>, newns |-> FALSE, priv |-> task[c].priv]
    /\ lastKill' = NoKill

BugNext == Next \/ \E c \in DOMAIN task, k \in TaskIds, p \in 1..(PidMax - 1) : BuggyFork(c, k, p)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
