------------------- MODULE CloneParentFromInit -------------------
(***************************************************************************)
(* Bug: copy_process lets a namespace's init use CLONE_PARENT, so its      *)
(* child gets a parent outside the namespace (linux refuses with EINVAL).  *)
(* Must violate ParentInOwnNamespace.                                      *)
(***************************************************************************)
EXTENDS MCEclone

BuggyClone(c, k) ==
    LET n == task[c].ns
        v == ComputedPids(c, FALSE, << >>)
    IN /\ Alive(c) /\ IsInit(c) /\ c # HostTask
       /\ k \in TaskIds /\ k \notin DOMAIN task
       /\ CloneErrno(c, FALSE, FALSE, FALSE, << >>) = "ok"
       /\ pidmap' = [m \in DOMAIN ns |-> IF Within(n, m) THEN pidmap[m] \cup {v[Level(m) + 1]} ELSE pidmap[m]]
       /\ ns' = [m \in DOMAIN ns |-> IF Within(n, m) THEN [ns[m] EXCEPT !.last = v[Level(m) + 1]] ELSE ns[m]]
       /\ task' = [t \in DOMAIN task \cup {k} |->
                   IF t = k THEN [pids |-> v, ns |-> n, parent |-> task[c].parent, tgid |-> k, state |-> "alive",
                                  sid |-> task[c].sid, pgid |-> task[c].pgid, priv |-> task[c].priv, subreaper |-> FALSE]
                   ELSE task[t]]
       /\ UNCHANGED ghost
       /\ lastClone' = [child |-> k, req |-> << >>, newns |-> FALSE, priv |-> task[c].priv]
       /\ lastKill' = NoKill

BugNext == Next \/ \E c \in DOMAIN task, k \in TaskIds : BuggyClone(c, k)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
