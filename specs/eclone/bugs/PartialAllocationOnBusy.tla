-------------------- MODULE PartialAllocationOnBusy --------------------
(***************************************************************************)
(* Bug: alloc_pid does not free the pids it already took at the inner      *)
(* levels when an outer level is busy: the failed eclone leaks a pid.     *)
(* Must violate PidmapMatchesTasks.                                       *)
(***************************************************************************)
EXTENDS MCEclone

BuggyCloneFail(c, b, r) ==
    LET n == task[c].ns
        p == IF Target(c, r, TaskLevel(c)) # 0 THEN Target(c, r, TaskLevel(c)) ELSE AutoPid(n)
    IN /\ Alive(c)
       /\ CloneErrno(c, b, FALSE, FALSE, r) = "EBUSY"
       /\ TaskLevel(c) > 0
       /\ LevelErrno(c, r, TaskLevel(c)) = "ok"
       /\ pidmap' = [pidmap EXCEPT ![n] = @ \cup {p}]
       /\ UNCHANGED <<ns, task, ghost>>
       /\ lastClone' = NoClone
       /\ lastKill' = NoKill

BugNext == Next \/ \E c \in DOMAIN task, b \in BOOLEAN, r \in Requests : BuggyCloneFail(c, b, r)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
