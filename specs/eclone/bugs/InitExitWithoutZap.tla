-------------------- MODULE InitExitWithoutZap --------------------
(***************************************************************************)
(* Bug: a namespace's init exits like any task (no zap_pid_ns_processes),  *)
(* leaving live tasks in a namespace without init.                        *)
(* Must violate NamespaceDiesWithItsInit.                                 *)
(***************************************************************************)
EXTENDS MCEclone

BuggyInitExit(t) ==
    /\ Alive(t) /\ IsInit(t) /\ task[t].ns # RootNs
    /\ task' = [task EXCEPT ![t].state = "zombie"]
    /\ UNCHANGED <<ns, pidmap, ghost>>
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

BugNext == Next \/ \E t \in DOMAIN task : BuggyInitExit(t)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
