------------------------------- MODULE Eclone -------------------------------
(***************************************************************************)
(* PID namespaces and eclone() (linux-cr v20/v21).                         *)
(*                                                                         *)
(* PID namespaces form a tree; a task has one pid in each namespace from   *)
(* the root down to its own (its pid vector, outermost first).  fork       *)
(* assigns every pid automatically (alloc_pidmap: the first free pid after *)
(* last_pid, wrapping past pid_max to RESERVED_PIDS); eclone lets a        *)
(* privileged caller ask for given pids, right-aligned to its innermost    *)
(* levels.  A zombie keeps its pids until it is reaped.  When a            *)
(* namespace's init exits, every other task of the namespace (and of the   *)
(* namespaces nested in it) is killed and reaped.                          *)
(*                                                                         *)
(* The order of eclone's checks (first failing check wins):                *)
(*   1. nr_pids > caller's level + 1            EINVAL (copy_target_pids)  *)
(*   2. an explicit pid without CAP_SYS_ADMIN   EPERM                      *)
(*   2a. CLONE_THREAD with CLONE_NEWPID         EINVAL (copy_process)      *)
(*   2b. CLONE_PARENT from a namespace's init or one of its threads        *)
(*                                              EINVAL (copy_process)      *)
(*   3. CLONE_NEWPID without CAP_SYS_ADMIN      EPERM  (copy_namespaces)   *)
(*   4. CLONE_NEWPID beyond MaxLevel            ENOSPC (create_pid_ns)     *)
(*   5. per level, innermost first (alloc_pid's loop): a target < 0, >=   *)
(*      pid_max, or below RESERVED_PIDS once last_pid has reached it:      *)
(*      EINVAL; a target in use: EBUSY; no free pid for an automatic one:  *)
(*      EAGAIN.                                                            *)
(* A request entry 0 means "assign automatically" (user-cr passes {0}).    *)
(* Failure allocates nothing at any level.                                 *)
(*                                                                         *)
(* kill(): who may signal whom (the target is visible from the sender's    *)
(* namespace, ESRCH; CAP_SYS_ADMIN or the same user, EPERM), the           *)
(* protection of a namespace's init (SIGNAL_UNKILLABLE: it drops every     *)
(* signal it has no handler for, but SIGKILL and SIGSTOP sent from an      *)
(* ancestor namespace; the root namespace's init drops even those) and     *)
(* what a fatal signal does (the target exits; an init takes its           *)
(* namespace with it).                                                     *)
(*                                                                         *)
(* Thread groups (CLONE_THREAD): a thread shares its leader's thread group *)
(* (tgid), namespace, session, process group and parent (the leader's).   *)
(* setsid and setpgid act on the whole group; a thread other than the      *)
(* leader is released at once when it exits; a leader that exits while its *)
(* threads live stays a zombie nobody can reap until the last one is gone  *)
(* (delay_group_leader); an exiting task's children go first to a live     *)
(* thread of its own group (find_new_reaper).                              *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    TaskIds,    \* task identities (the oracle uses each task's global pid)
    NsIds,      \* PID namespace identities
    RootNs,     \* the initial PID namespace
    HostTask,   \* pid 1 of the root namespace: privileged, never exits
    NoTask,     \* "no task" (the parent of HostTask)
    PidMax,     \* pid_max: pids are 1 .. PidMax-1 in every namespace
    Reserved,   \* RESERVED_PIDS (300 in Linux)
    MaxLevel,   \* MAX_PID_NS_LEVEL: the deepest namespace level
    Requests    \* the pid arrays eclone may be given (the model bounds it)

ASSUME /\ RootNs \in NsIds /\ HostTask \in TaskIds /\ NoTask \notin TaskIds
       /\ PidMax \in Nat /\ Reserved \in 1..(PidMax - 1) /\ MaxLevel \in Nat

VARIABLES
    ns,         \* [namespace -> [parent, level, last (last_pid), init (its pid-1 task)]]
    pidmap,     \* [namespace -> the set of pids in use in it]
    task,       \* [task -> [pids, ns, parent, tgid, sid, pgid, state, priv, subreaper]]
                \* (tgid: the leader of its thread group; the task itself unless a thread)
    ghost,      \* [reaped task -> [pids, chain]]: a reaped session or group leader whose
                \* session or group lives on keeps its pids (Linux keeps its struct pid)
    lastClone,  \* history: the eclone the last step made ([child, req, newns, priv]), or NoClone
    lastKill    \* history: the kill that killed a namespace's init in the last step ([init, from
                \* (the sender's namespace), sig]), or NoKill

vars == <<ns, pidmap, task, ghost, lastClone, lastKill>>

Results == {"ok", "EINVAL", "EBUSY", "EPERM", "EAGAIN", "ENOSPC", "ECHILD"}

-----------------------------------------------------------------------------
(* Namespaces and pid vectors. *)

Level(n) == ns[n].level

\* The ancestor of namespace n (or n itself) at level l.
RECURSIVE NsAt(_, _)
NsAt(n, l) == IF ns[n].level = l THEN n ELSE NsAt(ns[n].parent, l)

\* Namespace m is n or nested (at any depth) in n.
RECURSIVE Within(_, _)
Within(m, n) == m = n \/ (ns[m].level > ns[n].level /\ Within(ns[m].parent, n))

TaskLevel(t) == Level(task[t].ns)

\* t's pid in namespace m (t must live in m or below it).
PidIn(t, m) == task[t].pids[Level(m) + 1]

\* The tasks that have a pid in namespace m.
InNs(m) == {u \in DOMAIN task : Within(task[u].ns, m)}

Alive(t) == t \in DOMAIN task /\ task[t].state = "alive"

\* The namespaces of t's levels, outermost first.
Chain(t) == [i \in 1..(TaskLevel(t) + 1) |-> NsAt(task[t].ns, i - 1)]

-----------------------------------------------------------------------------
(* Sessions and groups keep their leader's pids. *)

\* Some task of T has g as its session or group.
AnchoredBy(T, g) == \E u \in DOMAIN T : T[u].sid = g \/ T[u].pgid = g

\* The pids that the ghosts F of G hold in namespace m.
GhostPids(G, F, m) == UNION {{G[g].pids[i] : i \in {j \in 1..Len(G[g].pids) : G[g].chain[j] = m}} : g \in F}

\* After a step leaves tasks T and ghosts G: the ghosts still anchored stay...
KeptGhosts(T, G) == {g \in DOMAIN G : AnchoredBy(T, g)}

\* ...and the pidmaps over namespaces D lose the pids of the others.
Collected(T, G, D) == [m \in D |-> pidmap[m] \ GhostPids(G, DOMAIN G \ KeptGhosts(T, G), m)]

\* G plus the tasks in S, reaped, as ghosts.
WithGhosts(G, S) == [g \in DOMAIN G \cup S |-> IF g \in S THEN [pids |-> task[g].pids, chain |-> Chain(g)] ELSE G[g]]

IsInit(t) == ns[task[t].ns].init = t

\* t leads its thread group (every task but one created with CLONE_THREAD).
IsLeader(t) == task[t].tgid = t

\* A thread other than L's leader still exists in group L (threads are never
\* zombies: they are released when they exit).
ThreadsLive(L) == \E u \in DOMAIN task : u # L /\ task[u].tgid = L

-----------------------------------------------------------------------------
(* alloc_pidmap. *)

Used(n, q) == q \in pidmap[n]

\* Where the search for a free pid starts: after last_pid, or at Reserved past pid_max.
Start(n) == IF ns[n].last + 1 >= PidMax THEN Reserved ELSE ns[n].last + 1

\* The pids the search visits, in order: Start .. pid_max-1, then Reserved .. Start-1.
IsCandidate(n, q) == (q >= Start(n) /\ q < PidMax) \/ (q >= Reserved /\ q < Start(n))
CandidateCount(n) == IF Start(n) >= Reserved THEN PidMax - Reserved ELSE PidMax - Start(n)

\* How many pids of n's pidmap lie in lo .. hi-1.  (Counting the pidmap,
\* never the range, keeps the oracle fast with a pid_max of 32768.)
UsedIn(n, lo, hi) == Cardinality({q \in pidmap[n] : lo <= q /\ q < hi})

NoFreePid(n) == Cardinality({q \in pidmap[n] : IsCandidate(n, q)}) = CandidateCount(n)

\* p is the pid alloc_pidmap hands out in n: free, and every pid the search
\* visits before it is in use.
IsAutoPid(n, p) ==
    /\ p \in 1..(PidMax - 1)
    /\ ~Used(n, p)
    /\ IF p >= Start(n)
       THEN UsedIn(n, Start(n), p) = p - Start(n)
       ELSE /\ p >= Reserved
            /\ UsedIn(n, Start(n), PidMax) = PidMax - Start(n)
            /\ UsedIn(n, Reserved, p) = p - Reserved

Min(S) == CHOOSE p \in S : \A q \in S : p <= q

\* The pid alloc_pidmap hands out in n (for generating behaviours).
AutoPid(n) ==
    LET hi == {p \in Start(n)..(PidMax - 1) : ~Used(n, p)}
        lo == {p \in Reserved..(Start(n) - 1) : ~Used(n, p)}
    IN IF hi # {} THEN Min(hi) ELSE Min(lo)

-----------------------------------------------------------------------------
(* eclone's pid array. *)

\* The array is right-aligned to the caller's innermost levels: entry i asks
\* for the pid at level Offset(c, r) + i - 1.
Offset(c, r) == TaskLevel(c) + 1 - Len(r)

\* The pid requested at level l (0: assign automatically).
Target(c, r, l) == IF l >= Offset(c, r) THEN r[l - Offset(c, r) + 1] ELSE 0

Explicit(r) == \E i \in 1..Len(r) : r[i] # 0

BadTarget(n, p) == p < 0 \/ p >= PidMax \/ (p > 0 /\ p < Reserved /\ ns[n].last >= Reserved)

LevelErrno(c, r, l) ==
    LET n == NsAt(task[c].ns, l)
        p == Target(c, r, l)
    IN IF p = 0 THEN IF NoFreePid(n) THEN "EAGAIN" ELSE "ok"
       ELSE IF BadTarget(n, p) THEN "EINVAL"
       ELSE IF Used(n, p) THEN "EBUSY"
       ELSE "ok"

\* alloc_pid walks the levels from the innermost (the caller's) out to the root.
RECURSIVE FirstLevelErrno(_, _, _)
FirstLevelErrno(c, r, l) ==
    IF l < 0 THEN "ok"
    ELSE IF LevelErrno(c, r, l) # "ok" THEN LevelErrno(c, r, l)
    ELSE FirstLevelErrno(c, r, l - 1)

\* What eclone(CLONE_NEWPID if b, CLONE_PARENT if cp, CLONE_THREAD (with
\* CLONE_SIGHAND and CLONE_VM) if th, pids r) called by c returns: "ok" or
\* the errno.  copy_process's flag checks come after copy_target_pids:
\* CLONE_THREAD with CLONE_NEWPID is EINVAL; CLONE_PARENT is EINVAL from any
\* thread of a namespace's init (SIGNAL_UNKILLABLE is in the shared
\* signal_struct); CLONE_THREAD from an init is allowed.
CloneErrno(c, b, cp, th, r) ==
    IF Len(r) > TaskLevel(c) + 1 THEN "EINVAL"
    ELSE IF Explicit(r) /\ ~task[c].priv THEN "EPERM"
    ELSE IF th /\ b THEN "EINVAL"
    ELSE IF cp /\ IsInit(task[c].tgid) THEN "EINVAL"
    ELSE IF b /\ ~task[c].priv THEN "EPERM"
    ELSE IF b /\ TaskLevel(c) + 1 > MaxLevel THEN "ENOSPC"
    ELSE FirstLevelErrno(c, r, TaskLevel(c))

\* The pid vector a successful eclone gives (for generating behaviours).
ComputedPids(c, b, r) ==
    LET lk == TaskLevel(c) + (IF b THEN 1 ELSE 0)
    IN [i \in 1..(lk + 1) |->
          IF b /\ i = lk + 1 THEN 1
          ELSE IF Target(c, r, i - 1) # 0 THEN Target(c, r, i - 1)
          ELSE AutoPid(NsAt(task[c].ns, i - 1))]

-----------------------------------------------------------------------------
\* (Membership of parent and child is tested with a disjunction, not in
\* TaskIds \cup {NoTask}: TLC would build that union element by element.)
IsTaskOrNone(x) == x \in TaskIds \/ x = NoTask

TaskOK(r) ==
    /\ DOMAIN r = {"pids", "ns", "parent", "tgid", "sid", "pgid", "state", "priv", "subreaper"}
    /\ r.tgid \in TaskIds /\ r.sid \in TaskIds /\ r.pgid \in TaskIds
    /\ r.subreaper \in BOOLEAN
    /\ r.pids \in Seq(Nat) /\ r.ns \in NsIds /\ IsTaskOrNone(r.parent)
    /\ r.state \in {"alive", "zombie"} /\ r.priv \in BOOLEAN

\* The history variable's value after any step that is not a successful eclone.
\* Keeping the last eclone only for one state is enough for the invariants
\* about it (they are checked in the state right after it) and keeps the
\* state space small.
NoClone == [child |-> NoTask, req |-> << >>, newns |-> FALSE, priv |-> TRUE]

\* The history variable's value after any step that is not a kill of an init.
NoKill == [init |-> NoTask, from |-> RootNs, sig |-> ""]

TypeOK ==
    /\ DOMAIN ns \subseteq NsIds /\ RootNs \in DOMAIN ns
    /\ \A n \in DOMAIN ns : ns[n].level \in 0..MaxLevel /\ ns[n].last \in 0..(PidMax - 1)
                            /\ ns[n].parent \in DOMAIN ns /\ ns[n].init \in DOMAIN task
    /\ DOMAIN pidmap = DOMAIN ns
    /\ \A n \in DOMAIN ns : pidmap[n] \subseteq 1..(PidMax - 1)
    /\ DOMAIN task \subseteq TaskIds
    /\ \A t \in DOMAIN task : TaskOK(task[t])
    /\ DOMAIN ghost \subseteq TaskIds /\ DOMAIN ghost \cap DOMAIN task = {}
    /\ DOMAIN lastClone = {"child", "req", "newns", "priv"}
    /\ IsTaskOrNone(lastClone.child) /\ lastClone.req \in Seq(Int)
    /\ lastClone.newns \in BOOLEAN /\ lastClone.priv \in BOOLEAN
    /\ DOMAIN lastKill = {"init", "from", "sig"}
    /\ IsTaskOrNone(lastKill.init) /\ lastKill.from \in NsIds /\ lastKill.sig \in STRING

Init ==
    /\ ns = [n \in {RootNs} |-> [parent |-> RootNs, level |-> 0, last |-> 1, init |-> HostTask]]
    /\ pidmap = [n \in {RootNs} |-> {1}]
    /\ task = [t \in {HostTask} |-> [pids |-> <<1>>, ns |-> RootNs, parent |-> NoTask, tgid |-> HostTask,
                                     sid |-> HostTask, pgid |-> HostTask,
                                     state |-> "alive", priv |-> TRUE, subreaper |-> FALSE]]
    /\ ghost = [g \in {} |-> [pids |-> << >>, chain |-> << >>]]
    /\ lastClone = NoClone
    /\ lastKill = NoKill

-----------------------------------------------------------------------------
(* Actions. *)

\* fork / clone / eclone (do_fork_with_pids -> copy_process -> alloc_pid):
\* caller c creates task k with pid vector v; with CLONE_NEWPID (b) k is pid 1
\* of the new namespace x, one level below c's.  Explicit pids do not move
\* last_pid; automatic ones do.  A plain fork is Clone with r = << >>.  With
\* CLONE_PARENT (cp) k's parent is c's parent.  With CLONE_THREAD (th, and
\* CLONE_SIGHAND and CLONE_VM, which the pid space does not see) k joins c's
\* thread group: its tgid is c's leader and its parent c's parent (which is
\* the leader's).
Clone(c, k, b, cp, th, r, x, v) ==
    LET lc == TaskLevel(c)
        lk == IF b THEN lc + 1 ELSE lc
        kns == IF b THEN x ELSE task[c].ns
        \* c's namespaces, outermost first, are NsAt(task[c].ns, 0..lc)
        mine(n) == Within(task[c].ns, n)
    IN
    /\ Alive(c)
    /\ k \in TaskIds /\ k \notin DOMAIN task /\ k \notin DOMAIN ghost
    \* CloneErrno(c, b, cp, r) = "ok", stated through v so that no pidmap is scanned:
    /\ Len(r) <= lc + 1
    /\ Explicit(r) => task[c].priv
    /\ th => ~b
    /\ cp => ~IsInit(task[c].tgid)
    /\ b => task[c].priv /\ lc + 1 <= MaxLevel
    /\ b => x \in NsIds /\ x \notin DOMAIN ns
    /\ Len(v) = lk + 1
    /\ \A l \in 0..lc :
          LET n == NsAt(task[c].ns, l) IN
          IF Target(c, r, l) # 0
          THEN /\ ~BadTarget(n, Target(c, r, l)) /\ ~Used(n, Target(c, r, l))
               /\ v[l + 1] = Target(c, r, l)
          ELSE IsAutoPid(n, v[l + 1])
    /\ b => v[lk + 1] = 1
    /\ ns' = [n \in DOMAIN ns \cup (IF b THEN {x} ELSE {}) |->
                IF b /\ n = x THEN [parent |-> task[c].ns, level |-> lk, last |-> 1, init |-> k]
                ELSE IF mine(n) /\ Target(c, r, Level(n)) = 0 THEN [ns[n] EXCEPT !.last = v[Level(n) + 1]]
                ELSE ns[n]]
    /\ pidmap' = [n \in DOMAIN ns \cup (IF b THEN {x} ELSE {}) |->
                    IF b /\ n = x THEN {1}
                    ELSE IF mine(n) THEN pidmap[n] \cup {v[Level(n) + 1]}
                    ELSE pidmap[n]]
    /\ task' = [t \in DOMAIN task \cup {k} |->
                  IF t = k THEN [pids |-> v, ns |-> kns, parent |-> IF cp \/ th THEN task[c].parent ELSE c,
                                 tgid |-> IF th THEN task[c].tgid ELSE k,
                                 sid |-> task[c].sid, pgid |-> task[c].pgid,
                                 state |-> "alive", priv |-> task[c].priv, subreaper |-> FALSE]
                  ELSE task[t]]
    /\ UNCHANGED ghost
    /\ lastClone' = [child |-> k, req |-> r, newns |-> b, priv |-> task[c].priv]
    /\ lastKill' = NoKill

\* The same call failing with errno e: nothing is allocated anywhere.
CloneFail(c, b, cp, th, r, e) ==
    /\ Alive(c)
    /\ e # "ok"
    /\ e = CloneErrno(c, b, cp, th, r)
    /\ UNCHANGED <<ns, pidmap, task, ghost>>
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

\* find_new_reaper: the nearest live subreaper among t's ancestors in t's own
\* namespace, else the namespace's init.
RECURSIVE ReaperFrom(_, _)
ReaperFrom(a, n) ==
    IF a = NoTask \/ a = ns[n].init \/ task[a].ns # n THEN ns[n].init
    ELSE IF task[a].subreaper /\ task[a].state = "alive" THEN a
    ELSE ReaperFrom(task[a].parent, n)

Reaper(t) == ReaperFrom(task[t].parent, task[t].ns)

\* The live threads of t's group other than t.
LiveThreads(t) == {u \in DOMAIN task : task[u].tgid = task[t].tgid /\ u # t /\ task[u].state = "alive"}

\* Who takes the children of an exiting t (find_new_reaper): a live thread of
\* its own group, the leader first, then the lowest id; if none is alive, the
\* reaper of its leader (whose parent t shares).
Heir(t) ==
    LET L == task[t].tgid
        live == LiveThreads(t)
    IN IF L \in live THEN L ELSE IF live # {} THEN Min(live) ELSE Reaper(L)

\* The pid space after t (not its namespace's init) exits: its children go
\* to its heir.  A leader becomes a zombie, keeping its pids (while threads
\* of its group live, nobody can reap it: delay_group_leader); any other
\* thread is released at once (release_task), its pids freed unless a
\* session or group still holds them.
ExitEffect(t) ==
    LET h == Heir(t)
        moved == [u \in DOMAIN task |-> IF task[u].parent = t THEN [task[u] EXCEPT !.parent = h] ELSE task[u]]
    IN IF IsLeader(t)
       THEN /\ task' = [moved EXCEPT ![t].state = "zombie"]
            /\ UNCHANGED <<ns, pidmap, ghost>>
       ELSE LET T == [u \in DOMAIN task \ {t} |-> moved[u]]
                G == WithGhosts(ghost, {t})
            IN /\ task' = T
               /\ ghost' = [g \in KeptGhosts(T, G) |-> G[g]]
               /\ pidmap' = Collected(T, G, DOMAIN ns)
               /\ UNCHANGED ns

\* do_exit of a task that is not its namespace's init (a thread of an init
\* is not one).
Exit(t) ==
    /\ Alive(t)
    /\ ~IsInit(t)
    /\ ExitEffect(t)
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

\* The pid space after the init t of a namespace other than the root's exits
\* (zap_pid_ns_processes): every other task of the namespace and of the
\* namespaces nested in it is killed and reaped, and those namespaces
\* vanish; the init stays a zombie, holding its pids (pid 1 among them)
\* until its parent reaps it.
ZapEffect(t) ==
    LET n == task[t].ns
        doomed == {u \in DOMAIN task : u # t /\ Within(task[u].ns, n)}
        gone == {m \in DOMAIN ns : m # n /\ Within(m, n)}
    IN
    /\ LET T == [u \in DOMAIN task \ doomed |->
                    IF u = t THEN [task[t] EXCEPT !.state = "zombie"] ELSE task[u]]
           G == WithGhosts(ghost, doomed)
       IN /\ task' = T
          /\ ghost' = [g \in KeptGhosts(T, G) |-> G[g]]
          /\ pidmap' = Collected(T, G, DOMAIN ns \ gone)
    /\ ns' = [m \in DOMAIN ns \ gone |-> ns[m]]

\* do_exit of a namespace's init.
NamespaceInitExit(t) ==
    /\ Alive(t)
    /\ IsInit(t)
    /\ task[t].ns # RootNs
    /\ ZapEffect(t)
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

\* kill(t, sig) by c (kill_pid_info -> group_send_sig_info -> send_signal).
\* What the pid space does not hold comes with the step, as the kernel's
\* state gives it (k, a KillFact): the signal (sig), the target's disposition
\* of it (disp: "default", "ignore", "handler", or "blocked" when it is in the
\* target's mask), whether the target can carry out a fatal signal now (now:
\* it is not frozen or in an uninterruptible sleep, and, for an init, no task
\* of its namespace is, which zap_pid_ns_processes would wait for; else it
\* dies when it next runs, an Exit or NamespaceInitExit then), and whether
\* sender and target are the same user (same).
Dispositions == {"default", "ignore", "handler", "blocked"}
KillFact == [sig : STRING, disp : Dispositions, now : BOOLEAN, same : BOOLEAN]

\* The signals whose default action terminates the task.
FatalByDefault == {"SIGHUP", "SIGINT", "SIGQUIT", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE",
                   "SIGALRM", "SIGTERM"}
\* SIGKILL and SIGSTOP can be neither caught, ignored nor blocked (sig_kernel_only).
KernelOnly == {"SIGKILL", "SIGSTOP"}

\* kill's errno: ESRCH if t has no pid in c's namespace (find_vpid), EPERM if
\* c lacks CAP_SYS_ADMIN and t is another user's (check_kill_permission).
KillErrno(c, t, k) ==
    IF t \notin DOMAIN task \/ ~Within(task[t].ns, task[c].ns) THEN "ESRCH"
    ELSE IF ~task[c].priv /\ ~k.same THEN "EPERM"
    ELSE "ok"

\* SIGKILL or SIGSTOP sent to t from an ancestor namespace of t's (the
\* sender has no pid in t's namespace: force in sig_task_ignored); never to
\* the root namespace's init.
Forced(c, t, sig) ==
    /\ sig \in KernelOnly
    /\ task[t].ns # task[c].ns /\ Within(task[t].ns, task[c].ns)
    /\ t # HostTask

\* SIGNAL_UNKILLABLE: a namespace's init drops every signal it has no handler
\* for (and has not blocked: a blocked one stays pending until it takes it),
\* but a forced SIGKILL or SIGSTOP.
InitDrops(c, t, k) == IsInit(t) /\ k.disp \in {"default", "ignore"} /\ ~Forced(c, t, k.sig)

\* The signal kills t at once: t is alive, the signal is neither blocked nor
\* dropped, it is SIGKILL or fatal by default and not handled or ignored, and
\* t can carry it out now.
KillKills(c, t, k) ==
    /\ task[t].state = "alive"
    /\ k.disp # "blocked"
    /\ ~InitDrops(c, t, k)
    /\ k.sig = "SIGKILL" \/ (k.disp = "default" /\ k.sig \in FatalByDefault)
    /\ k.now

\* A kill that kills: the target exits (do_exit from get_signal's fatal
\* path), a namespace's init with its whole namespace.
Kill(c, t, k) ==
    /\ Alive(c)
    /\ KillErrno(c, t, k) = "ok"
    /\ KillKills(c, t, k)
    /\ IF IsInit(t) THEN ZapEffect(t) ELSE ExitEffect(t)
    /\ lastClone' = NoClone
    /\ lastKill' = IF IsInit(t) THEN [init |-> t, from |-> task[c].ns, sig |-> k.sig] ELSE NoKill

\* A kill that kills nobody now: the signal is ignored, dropped by an init,
\* handled, left pending (blocked), sent to a zombie, or fatal to a target that
\* cannot run now (it dies when it next runs).  The pid space is unchanged.
KillHarmless(c, t, k) ==
    /\ Alive(c)
    /\ KillErrno(c, t, k) = "ok"
    /\ ~KillKills(c, t, k)
    /\ UNCHANGED <<ns, pidmap, task, ghost>>
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

KillFail(c, t, k, e) ==
    /\ Alive(c)
    /\ e # "ok" /\ e = KillErrno(c, t, k)
    /\ UNCHANGED <<ns, pidmap, task, ghost>>
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

\* wait(): w reaps its zombie child k (a leader none of whose threads is
\* left: delay_group_leader); every pid of k is free again, and the
\* namespace k was init of (now empty) vanishes.
Wait(w, k) ==
    LET gone == {m \in DOMAIN ns : ns[m].init = k /\ m # RootNs}
    IN
    /\ Alive(w)
    /\ k \in DOMAIN task /\ task[k].state = "zombie" /\ task[k].parent = w
    /\ ~ThreadsLive(k)
    /\ LET T == [u \in DOMAIN task \ {k} |-> task[u]]
           G == WithGhosts(ghost, {k})
       IN /\ task' = T
          /\ ghost' = [g \in KeptGhosts(T, G) |-> G[g]]
          /\ pidmap' = Collected(T, G, DOMAIN ns \ gone)
    /\ ns' = [m \in DOMAIN ns \ gone |-> ns[m]]
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

\* The errno of a wait that reaps nothing: k is not w's child (ECHILD), or has
\* not exited yet, or is a zombie leader whose threads live (EAGAIN: the
\* scenario language's non-blocking wait).
WaitErrno(w, k) ==
    IF k \notin DOMAIN task \/ task[k].parent # w THEN "ECHILD"
    ELSE IF task[k].state # "zombie" \/ ThreadsLive(k) THEN "EAGAIN"
    ELSE "ok"

WaitFail(w, k, e) ==
    /\ Alive(w)
    /\ e # "ok"
    /\ e = WaitErrno(w, k)
    /\ UNCHANGED <<ns, pidmap, task, ghost>>
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

\* prctl(PR_SET_CHILD_SUBREAPER, on).
SetSubreaper(t, on) ==
    /\ Alive(t)
    /\ task' = [task EXCEPT ![t].subreaper = on]
    /\ UNCHANGED <<ns, pidmap, ghost>>
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

\* setuid() away from uid 0: the task loses CAP_SYS_ADMIN for good.
DropPrivilege(t) ==
    /\ Alive(t)
    /\ task[t].priv
    /\ task' = [task EXCEPT ![t].priv = FALSE]
    /\ UNCHANGED <<ns, pidmap, ghost>>
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

\* setsid(): t's thread group leads a new session and group, both named
\* after its leader L (the ids live in the shared signal_struct), unless a
\* group with id L exists (EPERM); every thread of the group moves.  Its old
\* session or group may have been a dead leader's last hold.
SetSid(t) ==
    LET L == task[t].tgid IN
    /\ Alive(t)
    /\ ~\E u \in DOMAIN task : task[u].pgid = L
    /\ LET T == [u \in DOMAIN task |-> IF task[u].tgid = L THEN [task[u] EXCEPT !.sid = L, !.pgid = L] ELSE task[u]]
       IN /\ task' = T
          /\ ghost' = [g \in KeptGhosts(T, ghost) |-> ghost[g]]
          /\ pidmap' = Collected(T, ghost, DOMAIN ns)
    /\ UNCHANGED ns
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

SetSidFail(t, e) ==
    /\ Alive(t)
    /\ e = "EPERM" /\ \E u \in DOMAIN task : task[u].pgid = task[t].tgid
    /\ UNCHANGED <<ns, pidmap, task, ghost>>
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

\* Whether pid g (a task's or a ghost's) has a number in namespace n: what
\* find_vpid needs to name a process group from inside n.
PidNamedIn(g, n) ==
    \/ g \in DOMAIN task /\ Within(task[g].ns, n)
    \/ g \in DOMAIN ghost /\ \E i \in DOMAIN ghost[g].chain : ghost[g].chain[i] = n

\* What setpgid(t, g) called by c returns (t and g already resolved: 0 means
\* the caller, resp. the target itself), in Linux's order. The group is looked
\* up in the caller's namespace (find_vpid), so a group whose id has no number
\* there cannot be joined even from the same session (found on Linux by
\* ./cr run --on-linux).
SetPgidErrno(c, t, g) ==
    IF t \notin DOMAIN task \/ ~Within(task[t].ns, task[c].ns) THEN "ESRCH"
    ELSE IF ~IsLeader(t) THEN "EINVAL"
    ELSE IF task[t].parent = c /\ task[t].sid # task[c].sid THEN "EPERM"
    ELSE IF task[t].parent # c /\ t # c THEN "ESRCH"
    ELSE IF task[t].sid = t THEN "EPERM"
    ELSE IF g # t /\ ~PidNamedIn(g, task[c].ns) THEN "EPERM"
    ELSE IF g # t /\ ~\E u \in DOMAIN task : task[u].pgid = g /\ task[u].sid = task[c].sid THEN "EPERM"
    ELSE "ok"

\* setpgid(): c moves t (itself or a child, alive or a zombie, a thread-group
\* leader) into group g, and with it every thread of t's group.
SetPgid(c, t, g) ==
    /\ Alive(c)
    /\ SetPgidErrno(c, t, g) = "ok"
    /\ LET T == [u \in DOMAIN task |-> IF task[u].tgid = t THEN [task[u] EXCEPT !.pgid = g] ELSE task[u]]
       IN /\ task' = T
          /\ ghost' = [h \in KeptGhosts(T, ghost) |-> ghost[h]]
          /\ pidmap' = Collected(T, ghost, DOMAIN ns)
    /\ UNCHANGED ns
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

\* restore_task's in-kernel pgid restore (linux-cr V20-73): t itself, a
\* thread-group leader and no session leader, joins g (its own pid or a group
\* of its session), its threads with it. The group is
\* named by its pid in the restart's container, so no find_vpid in t's own
\* namespace: a task of a nested namespace can join an outer group.
RestorePgid(t, g) ==
    /\ Alive(t)
    /\ IsLeader(t)
    /\ task[t].sid # t
    /\ g = t \/ \E u \in DOMAIN task : task[u].pgid = g /\ task[u].sid = task[t].sid
    /\ LET T == [u \in DOMAIN task |-> IF task[u].tgid = t THEN [task[u] EXCEPT !.pgid = g] ELSE task[u]]
       IN /\ task' = T
          /\ ghost' = [h \in KeptGhosts(T, ghost) |-> ghost[h]]
          /\ pidmap' = Collected(T, ghost, DOMAIN ns)
    /\ UNCHANGED ns
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

SetPgidFail(c, t, g, e) ==
    /\ Alive(c)
    /\ e # "ok" /\ e = SetPgidErrno(c, t, g)
    /\ UNCHANGED <<ns, pidmap, task, ghost>>
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

\* Any other step of the kernel (getppid, a freezer write, a call refused
\* before it reached the pid code, a call by a frozen task that never ran):
\* the pid space does not change; only the history moves on.
OtherStep ==
    /\ UNCHANGED <<ns, pidmap, task, ghost>>
    /\ lastClone' = NoClone
    /\ lastKill' = NoKill

\* The kills Next tries, one of each kind the rules tell apart: SIGKILL (fatal,
\* forced from above), SIGSTOP (forced from above, never fatal), a catchable
\* signal fatal by default left at its default, handled, ignored or blocked;
\* from another user; to a target that cannot run now.  (The oracle checks
\* the kernel's every kill with its own facts, which need not be in this set.)
KillFacts ==
    {[sig |-> "SIGKILL", disp |-> "default", now |-> TRUE, same |-> TRUE],
     [sig |-> "SIGKILL", disp |-> "default", now |-> FALSE, same |-> TRUE],
     [sig |-> "SIGKILL", disp |-> "default", now |-> TRUE, same |-> FALSE],
     [sig |-> "SIGSTOP", disp |-> "default", now |-> TRUE, same |-> TRUE]}
    \cup {[sig |-> "SIGTERM", disp |-> d, now |-> TRUE, same |-> TRUE] : d \in Dispositions}

\* Whether Next tries CLONE_THREAD from c (BOOLEAN: with and without; a
\* model may restrict it to bound its state space).
ThreadOptions(c) == BOOLEAN

-----------------------------------------------------------------------------
Next ==
    \/ \E c \in DOMAIN task : \E b, cp \in BOOLEAN, th \in ThreadOptions(c), r \in Requests :
          \/ /\ CloneErrno(c, b, cp, th, r) = "ok"
             /\ \E k \in TaskIds \ DOMAIN task, x \in NsIds \ DOMAIN ns :
                   Clone(c, k, b, cp, th, r, x, ComputedPids(c, b, r))
          \/ CloneFail(c, b, cp, th, r, CloneErrno(c, b, cp, th, r))
    \/ \E t \in DOMAIN task : Exit(t) \/ NamespaceInitExit(t) \/ DropPrivilege(t)
    \/ \E t \in DOMAIN task, on \in BOOLEAN : SetSubreaper(t, on)
    \/ \E t \in DOMAIN task : SetSid(t) \/ SetSidFail(t, "EPERM")
    \/ \E c, t \in DOMAIN task, g \in DOMAIN task \cup DOMAIN ghost :
          SetPgid(c, t, g) \/ SetPgidFail(c, t, g, SetPgidErrno(c, t, g))
    \/ \E t \in DOMAIN task, g \in DOMAIN task \cup DOMAIN ghost : RestorePgid(t, g)
    \/ \E w, k \in DOMAIN task : Wait(w, k) \/ WaitFail(w, k, WaitErrno(w, k))
    \/ \E c, t \in DOMAIN task, k \in KillFacts :
          Kill(c, t, k) \/ KillHarmless(c, t, k) \/ KillFail(c, t, k, KillErrno(c, t, k))
    \/ OtherStep

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Invariants. *)

\* No two tasks share a pid in any namespace (zombies included): as many
\* distinct pids in m as tasks with a pid in m.
PidsUniquePerNamespace ==
    \A m \in DOMAIN ns : Cardinality({PidIn(u, m) : u \in InNs(m)}) = Cardinality(InNs(m))

\* Every task has exactly one pid at every level from the root down to its own namespace.
PidAtEveryLevel ==
    \A t \in DOMAIN task : task[t].ns \in DOMAIN ns /\ Len(task[t].pids) = TaskLevel(t) + 1

\* The pidmaps hold exactly the pids of existing tasks and of reaped leaders
\* whose session or group lives on: nothing leaked by a failed eclone, nothing
\* freed while a task, a session or a group still uses it.
PidmapMatchesTasks ==
    \A m \in DOMAIN ns : pidmap[m] = {PidIn(u, m) : u \in InNs(m)} \cup GhostPids(ghost, DOMAIN ghost, m)

\* A reaped task's pids are kept only while a session or group uses them.
GhostsAreAnchored == \A g \in DOMAIN ghost : AnchoredBy(task, g)

\* Every session and group id is held: by a task, or by its reaped leader's ghost.
SessionAndGroupIdsAreHeld ==
    \A u \in DOMAIN task : \A id \in {task[u].sid, task[u].pgid} : id \in DOMAIN task \cup DOMAIN ghost

\* A process group lies inside one session.
GroupInOneSessionAsStated ==
    \A u, v \in DOMAIN task : task[u].pgid = task[v].pgid => task[u].sid = task[v].sid

\* The same, without comparing every pair of tasks (the step oracle checks it
\* after every step): as many (group, session) pairs as groups.  The model
\* checks that the two are equal (GroupInOneSessionRestatedExactly).
GroupInOneSession ==
    Cardinality({<<task[u].pgid, task[u].sid>> : u \in DOMAIN task}) = Cardinality({task[u].pgid : u \in DOMAIN task})

GroupInOneSessionRestatedExactly == GroupInOneSession <=> GroupInOneSessionAsStated

\* Pid 1 of each namespace is its init, and the init lives in that namespace.
PidOneIsInit ==
    /\ \A m \in DOMAIN ns : ns[m].init \in DOMAIN task /\ task[ns[m].init].ns = m
    /\ \A m \in DOMAIN ns : \A t \in InNs(m) : PidIn(t, m) = 1 => t = ns[m].init

\* Every live task other than the root's init has a live parent: exits hand
\* children to a live reaper, and CLONE_PARENT picks a live grandparent.
ParentIsAlive ==
    \A t \in DOMAIN task : (task[t].state = "alive" /\ task[t].tgid # HostTask) => Alive(task[t].parent)

\* A live task that is not in a namespace's init's thread group has its
\* parent in its own namespace: children are born there, reaped there, and
\* no thread of an init may use CLONE_PARENT to give a child a parent outside
\* (the threads of an init have the init's parent, outside).
ParentInOwnNamespace ==
    \A t \in DOMAIN task : (task[t].state = "alive" /\ ~IsInit(task[t].tgid)) => task[task[t].parent].ns = task[t].ns

\* A namespace dies with its init: once the init has exited, no other task lives in it.
NamespaceDiesWithItsInit ==
    \A m \in DOMAIN ns : task[ns[m].init].state = "zombie" => InNs(m) = {ns[m].init}

\* The last eclone gave its child every pid it asked for, at the level the
\* right-aligned array names (the creator was one level above a child that is
\* init of a new namespace).
EcloneHonoursRequest ==
    LET k == lastClone.child
        r == lastClone.req
        creatorLevel == TaskLevel(k) - (IF lastClone.newns THEN 1 ELSE 0)
    IN k \in DOMAIN task =>
         \A i \in 1..Len(r) : r[i] # 0 => task[k].pids[creatorLevel + 1 - Len(r) + i] = r[i]

\* A namespace's init is killed only by SIGKILL from an ancestor namespace
\* (the last kill that killed an init, recorded by Kill).
InitKilledOnlyFromAbove ==
    lastKill.init # NoTask =>
        /\ lastKill.sig = "SIGKILL"
        /\ lastKill.from \in DOMAIN ns
        /\ lastKill.from # task[lastKill.init].ns
        /\ Within(task[lastKill.init].ns, lastKill.from)

\* Only a privileged caller obtains explicit pids.
ExplicitPidsNeedPrivilege == Explicit(lastClone.req) => lastClone.priv

\* A thread's leader exists (a leader outlives its threads: delay_group_leader),
\* leads its own group, and lives in the same namespace.
LeaderOutlivesItsThreads ==
    \A t \in DOMAIN task : LET L == task[t].tgid IN
        L \in DOMAIN task /\ task[L].tgid = L /\ task[L].ns = task[t].ns

\* The threads of a group share its session and process group (they belong
\* to the signal_struct, not to a thread).
ThreadsShareSessionAndGroup ==
    \A t \in DOMAIN task : task[t].sid = task[task[t].tgid].sid /\ task[t].pgid = task[task[t].tgid].pgid

\* A group's threads have the leader's parent (CLONE_THREAD gives the
\* leader's; reparenting moves them all).
ThreadsHaveLeadersParent ==
    \A t \in DOMAIN task : task[t].parent = task[task[t].tgid].parent

\* Only leaders are zombies: any other thread is released when it exits.
OnlyLeadersAreZombies ==
    \A t \in DOMAIN task : task[t].state = "zombie" => IsLeader(t)
=============================================================================
