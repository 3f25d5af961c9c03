---------------------------- MODULE OracleRestart ---------------------------
(***************************************************************************)
(* The binding of Restart to the step oracle (oracle/.../restart).  Never  *)
(* model-checked: the oracle evaluates named actions with the              *)
(* implementation's arguments on states the binding builds from the Java   *)
(* kernel.                                                                 *)
(*                                                                         *)
(* The plan is the Java planner's, not Plan(saved): the binding puts it    *)
(* into the state (plan is a variable that no action changes), so every    *)
(* step checks the Java plan's execution.  The Java planner follows the    *)
(* same rules as Plan but breaks ties its own way (the order of a          *)
(* creator's children, the pids of placeholders and keepers, a keeper's    *)
(* maker), so Init with Plan(saved) would reject plans that are just as    *)
(* good; whether the plan rebuilds the saved tree is what the invariants   *)
(* (StepsAreLegal, RestoredTreeEqualsSaved, ...) check as it runs.         *)
(***************************************************************************)
EXTENDS Restart

\* Every errno of the simulated kernel: an injected fault, or a step of the
\* restart that has no plan step (a task's restore) failing with its errno.
OracleErrnos == {"EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "EBADF", "ECHILD", "EAGAIN", "ENOMEM",
                 "EACCES", "EBUSY", "EEXIST", "EINVAL", "ESPIPE", "ENOSPC", "EPIPE", "ENOSYS"}

OracleFixes == {"F1", "F2", "F3", "F4", "F5"}

\* A plan as the planner makes it: one the restart can run.
PlanShape(p) ==
    /\ p.ok = TRUE
    /\ Root \in DOMAIN p.kind /\ p.kind[Root] = "task"
    /\ \A i \in 1..Len(p.steps) : p.steps[i].op \in {"create", "setsid", "setpgid", "exit", "subreaper"}
    /\ {p.image[i] : i \in 1..Len(p.image)} = {t \in DOMAIN p.kind : p.kind[t] = "task"}
    /\ p.live \subseteq DOMAIN p.kind
    /\ DOMAIN p.at = DOMAIN p.kind

\* Init, with the plan the binding gives instead of Plan(saved).
OracleInit ==
    /\ SavedInit
    /\ PlanShape(plan)
    /\ DOMAIN saved = {t \in DOMAIN plan.kind : plan.kind[t] = "task"}
    /\ InitWith(saved, frozenFlag, plan)
=============================================================================
