------------------------------- MODULE Freeze -------------------------------
(***************************************************************************)
(* The freezer cgroup of linux-cr, seen from one cgroup.                   *)
(*                                                                         *)
(* A freezer cgroup is THAWED, FREEZING or FROZEN; linux-cr adds a fourth  *)
(* state, CHECKPOINTING, that only checkpoint() enters (from FROZEN) and   *)
(* leaves (back to FROZEN).  The tasks of the cgroup are running, in       *)
(* uninterruptible sleep (D state, e.g. a vfork parent), frozen (in the    *)
(* refrigerator) or zombies.  Zombies have left the cgroup's task list     *)
(* (cgroup_exit runs in do_exit), so the freezer no longer counts them;    *)
(* they stay in the spec until reaped because checkpoint saves them.       *)
(*                                                                         *)
(* One instance of this module describes one freezer cgroup.  The oracle   *)
(* checks every cgroup of the simulated kernel against its own instance;   *)
(* tasks outside the cgroup appear only as the anonymous actor Outside.    *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    Tasks,      \* identities a task of the cgroup may have (its global pid)
    Outside     \* a task that is not in this cgroup (host, another cgroup)

ASSUME Outside \notin Tasks

VARIABLES
    freezer,    \* freezer.state of the cgroup
    tstate,     \* [task -> its state]; the domain is the set of tasks of the cgroup, zombies included
    ckpt        \* number of checkpoint() calls that hold the cgroup in CHECKPOINTING

vars == <<freezer, tstate, ckpt>>

FreezerStates == {"THAWED", "FREEZING", "FROZEN", "CHECKPOINTING"}
TaskStates    == {"running", "dsleep", "frozen", "zombie"}

-----------------------------------------------------------------------------
(* Derived notions, in the kernel's words. *)

\* The tasks that exist in the cgroup, zombies included.
Members == DOMAIN tstate

\* The tasks the freezer counts: every member that has not exited.
Live == {t \in Members : tstate[t] # "zombie"}

\* update_freezer_state: every counted task is in the refrigerator.
AllFrozen == \A t \in Live : tstate[t] = "frozen"

\* A task that can make a system call: neither frozen, sleeping nor dead.
Runnable(t) == t \in Members /\ tstate[t] = "running"

\* The cgroup is asking its tasks to freeze (freezing(p) is true).
Freezing == freezer \in {"FREEZING", "FROZEN", "CHECKPOINTING"}

\* tstate with new member c in state st (the task was born or attached).
WithNew(c, st) == [u \in Members \cup {c} |-> IF u = c THEN st ELSE tstate[u]]

\* tstate with t removed from its domain (the task was reaped).
Without(t) == [u \in Members \ {t} |-> tstate[u]]

-----------------------------------------------------------------------------
TypeOK ==
    /\ freezer \in FreezerStates
    /\ Members \subseteq Tasks
    /\ tstate \in [Members -> TaskStates]
    /\ ckpt \in Nat

Init ==
    /\ freezer = "THAWED"
    /\ tstate = [t \in {} |-> "running"]
    /\ ckpt = 0

-----------------------------------------------------------------------------
(* Task steps.  Each one is a system call, so only a runnable task takes it. *)

\* copy_process + freezer_fork: a member forks; the child joins the parent's
\* cgroup and is frozen at birth when the cgroup is freezing.
Fork(p, c) ==
    /\ Runnable(p)
    /\ c \in Tasks /\ c \notin Members
    /\ tstate' = WithNew(c, IF Freezing THEN "frozen" ELSE "running")
    /\ UNCHANGED <<freezer, ckpt>>

\* A task outside the cgroup puts a new task into it (kernel: fork with a new
\* cgroup).  freezer_can_attach admits tasks only while THAWED.
Attach(c) ==
    /\ freezer = "THAWED"
    /\ c \in Tasks /\ c \notin Members
    /\ tstate' = WithNew(c, "running")
    /\ UNCHANGED <<freezer, ckpt>>

\* The same request, or a write to its cgroup.procs (AttachGroup), while the
\* cgroup is not THAWED: EBUSY, nothing changes.
AttachBusy ==
    /\ freezer # "THAWED"
    /\ UNCHANGED vars

\* echo PID > cgroup.procs (kernel: attach): the live threads S of a process
\* of another cgroup move in together, each in its state: running, or in
\* uninterruptible sleep for those in D.  Only while THAWED, as Attach (the
\* cgroup they leave is THAWED too, Detach; none of them is frozen).
AttachGroup(S, D) ==
    /\ freezer = "THAWED"
    /\ S # {} /\ S \subseteq Tasks /\ S \cap Members = {} /\ D \subseteq S
    /\ tstate' = [u \in Members \cup S |-> IF u \in D THEN "dsleep"
                                          ELSE IF u \in S THEN "running" ELSE tstate[u]]
    /\ UNCHANGED <<freezer, ckpt>>

\* echo PID > OTHER/cgroup.procs (kernel: attach): live members S, the threads
\* of one process, leave for another cgroup.  freezer_can_attach lets nothing
\* leave a FREEZING, FROZEN or CHECKPOINTING cgroup (EBUSY, and nothing
\* changes here), so a task leaves only a THAWED one, where nobody is frozen.
Detach(S) ==
    /\ freezer = "THAWED"
    /\ S # {} /\ S \subseteq Live
    /\ tstate' = [u \in Members \ S |-> tstate[u]]
    /\ UNCHANGED <<freezer, ckpt>>

\* do_exit: the task becomes a zombie and leaves the freezer's count.
Exit(t) ==
    /\ Runnable(t)
    /\ tstate' = [tstate EXCEPT ![t] = "zombie"]
    /\ UNCHANGED <<freezer, ckpt>>

\* wait(): the parent w (a runnable member, or a task Outside) reaps zombie t.
Reap(w, t) ==
    /\ w = Outside \/ Runnable(w)
    /\ t \in Members /\ tstate[t] = "zombie"
    /\ tstate' = Without(t)
    /\ UNCHANGED <<freezer, ckpt>>

\* A thread that does not lead its thread group exits and is reaped at once
\* (release_task in do_exit): it leaves the cgroup in one step.
ExitReaped(t) ==
    /\ Runnable(t)
    /\ tstate' = Without(t)
    /\ UNCHANGED <<freezer, ckpt>>

\* zap_pid_ns_processes: the init of a PID namespace died, and the kernel kills
\* and reaps the members S of this cgroup that lived in that namespace.  A
\* frozen task dies only once thawed, and a task in uninterruptible sleep only
\* once it wakes, and the zap waits for them: so none of S is frozen or asleep
\* (found by ./cr conform --from-spec: the kernel's exit blocks there).
Zapped(S) ==
    /\ S # {} /\ S \subseteq Members
    /\ \A t \in S : tstate[t] \notin {"frozen", "dsleep"}
    /\ tstate' = [u \in Members \ S |-> tstate[u]]
    /\ UNCHANGED <<freezer, ckpt>>

\* The init of a PID namespace exits (do_exit -> zap_pid_ns_processes): it
\* becomes a zombie, and the members S of the same cgroup that lived in its
\* namespace are killed and reaped; none of them may be frozen or asleep.
ExitZapping(t, S) ==
    /\ Runnable(t)
    /\ S # {} /\ S \subseteq Members \ {t}
    /\ \A u \in S : tstate[u] \notin {"frozen", "dsleep"}
    /\ tstate' = [u \in Members \ S |-> IF u = t THEN "zombie" ELSE tstate[u]]
    /\ UNCHANGED <<freezer, ckpt>>

\* Any other system call of a member (setsid, open, a failed wait...): the
\* freezer sees nothing, but a task that is not runnable cannot make it.
Syscall(t) ==
    /\ Runnable(t)
    /\ UNCHANGED vars

\* A task blocks in TASK_UNINTERRUPTIBLE (vfork waiting for its child, disk
\* I/O).  A task with a freeze pending enters the refrigerator on its way
\* back to user space before it can start a new blocking call, so only a
\* thawed cgroup's tasks start one; a sleep begun earlier delays FROZEN.
SleepBegin(t) ==
    /\ Runnable(t)
    /\ freezer = "THAWED"
    /\ tstate' = [tstate EXCEPT ![t] = "dsleep"]
    /\ UNCHANGED <<freezer, ckpt>>

\* The uninterruptible sleep ends (the vfork child exited or exec'd).
SleepEnd(t) ==
    /\ t \in Members /\ tstate[t] = "dsleep"
    /\ tstate' = [tstate EXCEPT ![t] = "running"]
    /\ UNCHANGED <<freezer, ckpt>>

\* try_to_freeze -> refrigerator(): a running task of a freezing cgroup
\* stops in the refrigerator.
Refrigerate(t) ==
    /\ Freezing
    /\ Runnable(t)
    /\ tstate' = [tstate EXCEPT ![t] = "frozen"]
    /\ UNCHANGED <<freezer, ckpt>>

-----------------------------------------------------------------------------
(* The cgroup's own steps: user writes to freezer.state and the kernel. *)

\* echo FROZEN > freezer.state: freeze_cgroup asks every task to freeze.
\* Writing FROZEN to a cgroup that is already FREEZING or FROZEN changes nothing.
WriteFrozen ==
    /\ freezer \in {"THAWED", "FREEZING", "FROZEN"}
    /\ freezer' = IF freezer = "THAWED" THEN "FREEZING" ELSE freezer
    /\ UNCHANGED <<tstate, ckpt>>

\* echo THAWED > freezer.state: unfreeze_cgroup wakes every frozen task.
WriteThawed ==
    /\ freezer \in {"THAWED", "FREEZING", "FROZEN"}
    /\ freezer' = "THAWED"
    /\ tstate' = [t \in Members |-> IF tstate[t] = "frozen" THEN "running" ELSE tstate[t]]
    /\ UNCHANGED ckpt

\* Any user write while CHECKPOINTING fails with EBUSY: nobody can thaw (or
\* re-freeze) a cgroup in the middle of a checkpoint.
WriteBusy ==
    /\ freezer = "CHECKPOINTING"
    /\ UNCHANGED vars

\* update_if_frozen (run when freezer.state is read): FREEZING becomes FROZEN
\* once every counted task is in the refrigerator.
Settle ==
    /\ freezer = "FREEZING"
    /\ AllFrozen
    /\ freezer' = "FROZEN"
    /\ UNCHANGED <<tstate, ckpt>>

\* cgroup_freezer_begin_checkpoint re-evaluates a FREEZING cgroup lazily
\* (update_if_frozen), so a cgroup whose tasks are all frozen can be
\* checkpointed before anybody read its state.
CanCheckpoint == freezer = "FROZEN" \/ (freezer = "FREEZING" /\ AllFrozen)

\* cgroup_freezer_begin_checkpoint: FROZEN becomes CHECKPOINTING.
CheckpointBegin ==
    /\ CanCheckpoint
    /\ freezer' = "CHECKPOINTING"
    /\ ckpt' = ckpt + 1
    /\ UNCHANGED tstate

\* The same call on a cgroup that is not (yet) FROZEN, or that another
\* checkpoint holds: EBUSY, nothing changes.  checkpoint() fails, never hangs.
CheckpointBeginBusy ==
    /\ ~CanCheckpoint
    /\ UNCHANGED vars

\* cgroup_freezer_end_checkpoint: back to FROZEN when checkpoint() returns.
CheckpointEnd ==
    /\ freezer = "CHECKPOINTING"
    /\ ckpt > 0
    /\ freezer' = "FROZEN"
    /\ ckpt' = ckpt - 1
    /\ UNCHANGED tstate

-----------------------------------------------------------------------------
Next ==
    \/ \E p \in Members, c \in Tasks : Fork(p, c)
    \/ \E c \in Tasks : Attach(c)
    \/ AttachBusy
    \* (the sets are bounded by Members, a variable: the step oracle's Tasks is every
    \* pid, and TLC would enumerate the subsets of a constant bound when it loads Next)
    \/ \E S \in SUBSET (Tasks \ Members) : \E D \in SUBSET S : AttachGroup(S, D)
    \/ \E S \in SUBSET Members : Detach(S)
    \/ \E t \in Members : Exit(t) \/ ExitReaped(t) \/ Syscall(t) \/ SleepBegin(t) \/ SleepEnd(t) \/ Refrigerate(t)
    \/ \E S \in SUBSET Members : Zapped(S) \/ \E t \in Members : ExitZapping(t, S)
    \/ \E w \in Members \cup {Outside}, t \in Members : Reap(w, t)
    \/ WriteFrozen \/ WriteThawed \/ WriteBusy \/ Settle
    \/ CheckpointBegin \/ CheckpointBeginBusy \/ CheckpointEnd

\* Fairness.  The refrigerator step and the settle are kernel work that must
\* happen; checkpoint() always returns; and (as checkpointing a frozen tree
\* assumes) no task stays in uninterruptible sleep forever.
Fairness ==
    /\ \A t \in Tasks : WF_vars(Refrigerate(t)) /\ WF_vars(SleepEnd(t))
    /\ WF_vars(Settle)
    /\ WF_vars(CheckpointEnd)

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Safety. *)

\* FROZEN means what it says: every task that has not exited is in the refrigerator.
FrozenMeansAllFrozen == freezer = "FROZEN" => AllFrozen

\* A checkpoint reads a tree that cannot change under it.
CheckpointSeesFrozenTree == freezer = "CHECKPOINTING" => AllFrozen

\* While a checkpoint holds the cgroup, the cgroup stays CHECKPOINTING: no
\* user write thaws or refreezes it underneath.
NoThawWhileCheckpointing == ckpt > 0 => freezer = "CHECKPOINTING"

\* At most one checkpoint holds a cgroup at a time (a second one gets EBUSY).
SingleCheckpointer == ckpt <= 1

\* Only a frozen cgroup has frozen tasks... except while FREEZING, when some
\* are frozen and some not yet: a THAWED cgroup has no task in the refrigerator.
ThawedMeansNoneFrozen == freezer = "THAWED" => \A t \in Members : tstate[t] # "frozen"

Safety ==
    /\ FrozenMeansAllFrozen
    /\ CheckpointSeesFrozenTree
    /\ NoThawWhileCheckpointing
    /\ SingleCheckpointer
    /\ ThawedMeansNoneFrozen

\* A frozen task takes no step: from one state to the next, a frozen task
\* stays frozen, unless a user write thaws the whole cgroup.
FrozenTaskTakesNoStep ==
    [][\A t \in Members :
         tstate[t] = "frozen" =>
            \/ t \in DOMAIN tstate' /\ tstate'[t] = "frozen"
            \/ freezer' = "THAWED" /\ tstate'[t] = "running"]_vars

\* A frozen cgroup gains no task: nobody in it can fork and nobody outside
\* can attach.
FrozenCgroupGainsNoTask ==
    [][(freezer \in {"FROZEN", "CHECKPOINTING"}) => DOMAIN tstate' \subseteq Members]_vars

-----------------------------------------------------------------------------
(* Liveness. *)

\* Freezing completes: FREEZING leads to FROZEN (or to CHECKPOINTING, which a
\* lazily settling checkpoint enters directly), unless a user write thaws.
FreezeCompletes == freezer = "FREEZING" ~> freezer \in {"FROZEN", "CHECKPOINTING", "THAWED"}

\* checkpoint() never leaves the cgroup in CHECKPOINTING.
CheckpointReturns == freezer = "CHECKPOINTING" ~> freezer = "FROZEN"

=============================================================================
