-------------------- MODULE MissingPrivilegeCheck --------------------
(***************************************************************************)
(* Bug: eclone does not check CAP_SYS_ADMIN, so an unprivileged task picks *)
(* its child's pid.  Must violate ExplicitPidsNeedPrivilege.               *)
(***************************************************************************)
EXTENDS MCEclone

BuggyExplicit(c, k, r) ==
    /\ Alive(c) /\ ~task[c].priv /\ TaskLevel(c) = 0
    /\ Len(r) = 1 /\ r[1] > 0 /\ ~BadTarget(RootNs, r[1]) /\ ~Used(RootNs, r[1])
    /\ k \in TaskIds /\ k \notin DOMAIN task
    /\ pidmap' = [pidmap EXCEPT ![RootNs] = @ \cup {r[1]}]
    /\ task' = [t \in DOMAIN task \cup {k} |->
                IF t = k THEN [pids |-> r, ns |-> RootNs, parent |-> c, tgid |-> k, state |-> "alive", priv |-> FALSE, subreaper |-> FALSE, sid |-> task[c].sid, pgid |-> task[c].pgid]
                ELSE task[t]]
    /\ UNCHANGED <<ns, ghost>>
    /\ lastClone' = [child |-> k, req |-> r, newns |-> FALSE, priv |-> FALSE]
    /\ lastKill' = NoKill

BugNext == Next \/ \E c \in DOMAIN task, k \in TaskIds, r \in Requests : BuggyExplicit(c, k, r)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
