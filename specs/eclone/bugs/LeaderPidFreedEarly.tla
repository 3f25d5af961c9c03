------------------- MODULE LeaderPidFreedEarly -------------------
(***************************************************************************)
(* Bug: wait() frees a reaped session or group leader's pid although its   *)
(* session or group lives on, so the id can be handed to a new task.       *)
(* Must violate SessionAndGroupIdsAreHeld.                                 *)
(***************************************************************************)
EXTENDS MCEclone

BuggyWait(w, k) ==
    LET gone == {m \in DOMAIN ns : ns[m].init = k /\ m # RootNs}
    IN
    /\ Alive(w)
    /\ k \in DOMAIN task /\ task[k].state = "zombie" /\ task[k].parent = w
    /\ ~ThreadsLive(k)
    /\ AnchoredBy([u \in DOMAIN task \ {k} |-> task[u]], k)
    /\ task' = [u \in DOMAIN task \ {k} |-> task[u]]
    /\ ns' = [m \in DOMAIN ns \ gone |-> ns[m]]
    /\ pidmap' = [m \in DOMAIN ns \ gone |->
                    IF Within(task[k].ns, m) THEN pidmap[m] \ {PidIn(k, m)} ELSE pidmap[m]]
    /\ UNCHANGED ghost
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

BugNext == Next \/ \E w, k \in DOMAIN task : BuggyWait(w, k)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
