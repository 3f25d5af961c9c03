------------------------------ MODULE MCEclone ------------------------------
(***************************************************************************)
(* Model of Eclone for TLC; every bound says why it is safe.               *)
(***************************************************************************)
EXTENDS Eclone

\* Three tasks: host plus two.  Exactly enough for a namespace two levels
\* deep (host -> init of level 1 -> init of level 2), or for two tasks
\* competing with host for the three pids of the root namespace.
MCTaskIds == 1..3
MCTaskIdsLarge == 1..4

\* Namespace ids: the root and one per task that can be an init.
MCNsIds == 0..2
MCNsIdsLarge == 0..3

\* pid_max 4 (pids 1..3) with RESERVED_PIDS 2: three tasks exhaust a
\* namespace (EAGAIN), and a wrap past pid_max restarts at 2, so the
\* "below RESERVED_PIDS once last_pid reached it" rule is reachable.  The
\* large model has pid_max 5 and RESERVED_PIDS 3 for four tasks.
MCPidMax == 4
MCReserved == 2
MCPidMaxLarge == 5
MCReservedLarge == 3

\* Nesting depth 3: levels 0, 1, 2.  CLONE_NEWPID from level 2 is ENOSPC.
MCMaxLevel == 2

\* Requested arrays of length 0 to 2 (2 = deeper than a caller at level 0
\* can ask: EINVAL; from level 2, two entries leave the root's pid automatic,
\* so right-alignment matters) over the values that hit every branch:
\* 0 (automatic), 1 (pid 1: init's pid, always busy; below RESERVED_PIDS),
\* 3 (a valid pid, free or busy), 4 (= pid_max: EINVAL).
MCValues == {0, 1, 3, 4}
MCRequests == UNION {[1..k -> MCValues] : k \in 0..2}
MCValuesLarge == {-1, 0, 1, 3, 4, 5}
MCRequestsLarge == UNION {[1..k -> MCValuesLarge] : k \in 0..3}
\* The CI runs two models.  MCEclone.cfg explores pid allocation with every
\* request and no session changes (the steps of MCPidsNext keep every sid
\* and pgid); MCEcloneSessions.cfg explores sessions, groups and the pids
\* they keep, with plain forks only.  Together they cover every action; the
\* long model runs both at once.
NoSessionChange ==
    \A u \in DOMAIN task \cap DOMAIN task' : task'[u].sid = task[u].sid /\ task'[u].pgid = task[u].pgid
MCPidsNext == Next /\ NoSessionChange
MCPidsSpec == Init /\ [][MCPidsNext]_vars

\* The quick model (./cr check's default tier): host plus two tasks, as in
\* CI, but namespaces one level deep (levels 0 and 1: CLONE_NEWPID from
\* level 1 is ENOSPC) and six requests instead of 21, one per branch of
\* CloneErrno and of the alignment: no array; pid 1 (always busy in the
\* root, below RESERVED_PIDS there once last_pid passed it); pid 3 (valid: free or busy); pid 4 (= pid_max: EINVAL);
\* <<0, 3>> and <<3, 0>> (too long from level 0: EINVAL; from level 1 an
\* explicit pid at one level and an automatic one at the other, in both
\* orders; a one-entry array from level 1 is right-aligned, the root's pid
\* automatic).  Two tasks still exhaust the root's three pids, wrap past
\* pid_max and die with their namespace's init.  What it leaves to the CI
\* model: a namespace inside a nested one (an init's death reaching two
\* levels down, alignment over three levels) and the other request values;
\* 5,292 distinct states instead of 42,752.
MCQuickNsIds == 0..1
MCQuickMaxLevel == 1
MCQuickRequests == {<< >>, <<1>>, <<3>>, <<4>>, <<0, 3>>, <<3, 0>>}
\* Threads in the quick model from task 2 only (whichever task gets id 2:
\* a plain child, the init of a namespace, the leader of a group whose
\* thread is task 3), not from every task: CLONE_THREAD from every task
\* tripled the quick model's states (1,980,583 generated, 12,632 distinct,
\* against 600,421 and 6,572 without threads).  Task 2 still reaches every
\* thread rule: a thread of a plain task and of an init, a leader exiting
\* before its thread (a zombie nobody may reap yet) or after it, a thread's
\* exit handing children to its leader, and CLONE_THREAD with CLONE_NEWPID
\* (EINVAL).  What it leaves to the CI model: threads of the host (whose
\* parent is NoTask) and a thread making a thread.
MCQuickThreadOptions(c) == IF c = 2 THEN BOOLEAN ELSE {FALSE}

\* No CLONE_THREAD, for a bug variant that has nothing to do with threads
\* and that random behaviours find later when half of the clones they try
\* are threads (InitExitWithoutZap: 417,498 states and 43 s with threads,
\* 13,306 and 11 s without).
MCNoThreadOptions(c) == {FALSE}

\* The kills the models try: SIGKILL alone, from every task to every task.
\* The pid space changes only by a kill that kills, and SIGKILL reaches every
\* such change: any target, from its own namespace or an ancestor's (an
\* init's protection both ways), its effect Exit's or NamespaceInitExit's.
\* The other facts (dispositions, masks, a target that cannot run, another
\* user) only decide whether a kill kills; the oracle checks that decision
\* on every kill of the kernel with the kernel's own facts.
MCKillFacts == {[sig |-> "SIGKILL", disp |-> "default", now |-> TRUE, same |-> TRUE]}

\* No kill, for the sessions model: a kill that kills is an Exit or a
\* NamespaceInitExit, whose effect on sessions and groups that model explores
\* through those actions; the kill rules are MCEclone.cfg's.
MCNoKillFacts == {}

\* Plain forks only (and one all-automatic array), for the sessions model.
MCPlainRequests == {<< >>, <<0>>}
=============================================================================
