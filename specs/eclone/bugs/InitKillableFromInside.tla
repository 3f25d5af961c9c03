------------------ MODULE InitKillableFromInside ------------------
(***************************************************************************)
(* Bug: sig_task_ignored forgets where a SIGKILL or SIGSTOP comes from: it *)
(* lets every sender force them on a namespace's init, its own tasks       *)
(* included (Linux forces them only from an ancestor namespace, whose      *)
(* tasks the init cannot defend itself against).                           *)
(* Must violate InitKilledOnlyFromAbove.                                   *)
(***************************************************************************)
EXTENDS MCEclone

BuggyForced(c, t, sig) == sig \in KernelOnly /\ t # HostTask

BuggyKills(c, t, k) ==
    /\ task[t].state = "alive"
    /\ k.disp # "blocked"
    /\ ~(IsInit(t) /\ k.disp \in {"default", "ignore"} /\ ~BuggyForced(c, t, k.sig))
    /\ k.sig = "SIGKILL" \/ (k.disp = "default" /\ k.sig \in FatalByDefault)
    /\ k.now

BuggyKill(c, t, k) ==
    /\ Alive(c)
    /\ KillErrno(c, t, k) = "ok"
    /\ BuggyKills(c, t, k)
    /\ IF IsInit(t) THEN ZapEffect(t) ELSE ExitEffect(t)
    /\ lastClone' = NoClone
    /\ lastKill' = IF IsInit(t) THEN [init |-> t, from |-> task[c].ns, sig |-> k.sig] ELSE NoKill

BugNext == Next \/ \E c, t \in DOMAIN task, k \in KillFacts : BuggyKill(c, t, k)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
