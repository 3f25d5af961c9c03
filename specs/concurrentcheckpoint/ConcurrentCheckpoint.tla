------------------------ MODULE ConcurrentCheckpoint ------------------------
(***************************************************************************)
(* One container checkpoint() call of linux-cr v21 racing the world        *)
(* outside the container (checkpoint/checkpoint.c, checkpoint/objhash.c,   *)
(* kernel/cgroup_freezer.c).                                               *)
(*                                                                         *)
(* checkpoint() is one long system call, and only the container is         *)
(* frozen: every task outside it keeps running between the call's steps.   *)
(* Outside tasks can take and drop references to the container's objects  *)
(* (an fd table shared with CLONE_FILES across the boundary, a file of a   *)
(* container task opened through /proc/PID/fd), fork, move tasks between  *)
(* cgroups and write freezer.state.  A tree task that is not frozen (in    *)
(* another cgroup) runs too, and can do the same.                          *)
(*                                                                         *)
(* The call's steps, in do_checkpoint's order:                             *)
(*   Begin       cgroup_freezer_begin_checkpoint: FROZEN -> CHECKPOINTING  *)
(*   Scan1       build_tree's first DFS (tree_count_tasks): counts the     *)
(*               tasks, may_checkpoint_task on each (EBUSY for a task the  *)
(*               freezer does not hold)                                    *)
(*   Scan2       build_tree's second DFS fills the array; a count that     *)
(*               differs is EBUSY ("the tree changed")                     *)
(*   Collect(t)  ckpt_collect_task: objhash lookup-add, users counted      *)
(*   LeakCheck   ckpt_obj_contained: refcount = users, else EBUSY "usage   *)
(*               leak"; the header is written                              *)
(*   DumpTask(t) checkpoint_task: checkpoint_obj on what t holds NOW; an   *)
(*               object first met here is a "reverse leak" (EBUSY), a met  *)
(*               object is marked CKPT_OBJ_VISITED                          *)
(*   VisitCheck  ckpt_obj_visited: a collected object the dump never met   *)
(*               is EBUSY "not visited"                                    *)
(*   Tail, End   checkpoint_write_tail; cgroup_freezer_end_checkpoint      *)
(*                                                                         *)
(* The object graph is two levels deep, which is all the races need: a     *)
(* task holds fd tables (and an outside task may hold files directly), an  *)
(* fd table holds files.  A holder holds an object at most once (a set):   *)
(* the races are about who holds what, not how many times.  Ordering of   *)
(* objrefs and the image's records is SharedObjects.tla's subject and is   *)
(* left out here; so are CHECKPOINT_SUBTREE and the context's own files.   *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    TreeTasks,   \* tasks that are or may become part of the container's tree (integers:
                 \* the walks visit children in increasing order)
    Outsiders,   \* tasks that may run outside the container (a task is outside while it is
                 \* not in the tree; the two sets may meet: which side a task is on is state)
    Tables,      \* fd tables (files_struct)
    Files        \* open files (struct file)

Objects == Tables \cup Files
Holders == TreeTasks \cup Outsiders \cup Tables

ASSUME Tables \cap Files = {} /\ (TreeTasks \cup Outsiders) \cap Tables = {}

FreezerStates == {"THAWED", "FROZEN", "CHECKPOINTING"}
Phases == {"idle", "begun", "counted", "scanned", "dumping", "dumped", "written", "failed", "ended"}
\* Why the call failed: the EBUSY reasons of linux-cr.
Errors == {"none", "freezer", "stranger", "changed", "leak", "reverse", "unvisited"}

VARIABLES
    \* The world, which keeps changing during the call:
    parent,     \* [the tasks of the tree -> their parent]: the root and its descendants
                \* (the root's parent is outside the tree)
    incg,       \* the tasks of the tree in the root's freezer cgroup
    freezer,    \* that cgroup's freezer.state
    holds,      \* [holder -> the objects it holds a reference to], over the holders
                \* that exist (live tasks and the fd tables of the kernel)
    \* The call:
    phase,
    count,      \* the first scan's count
    arr,        \* the second scan's array (ctx->tasks_arr), in DFS order
    cursor,     \* the next index of arr to collect or dump
    users,      \* the objhash: [collected object -> users counted by collect]
    visits,     \* [collected object -> references the dump met] (CKPT_OBJ_VISITED, counted)
    written,    \* objects whose records are in the image
    dumped,     \* tasks whose records are in the image, in order
    error,
    \* History the properties need (no kernel counterpart):
    tree1,      \* the tasks the first scan checked
    atCheck,    \* objects something outside reached when the leak check ran
    touched,    \* objects something outside reached at some point from the
                \* leak check to the end of the dump
    escaped     \* tree tasks that were not frozen at some point from the
                \* freezer gate to the end of the dump

world == <<parent, incg, freezer, holds>>
call == <<phase, count, arr, cursor, users, visits, written, dumped, error>>
ghost == <<tree1, atCheck, touched, escaped>>
vars == <<world, call, ghost>>

-----------------------------------------------------------------------------
(* Derived facts of the world. *)

Range(s) == {s[i] : i \in DOMAIN s}

\* The tasks of the tree, and its root (the one whose parent is not in it).
members == DOMAIN parent
Root == CHOOSE t \in members : parent[t] \notin members

\* The tree in the walks' (depth-first) order: a task, then its children's
\* subtrees in increasing order of the children.
RECURSIVE DfsFrom(_), DfsAll(_)
DfsFrom(t) == <<t>> \o DfsAll({c \in members : parent[c] = t})
DfsAll(S) == IF S = {} THEN <<>>
             ELSE LET m == CHOOSE x \in S : \A y \in S : x <= y
                  IN DfsFrom(m) \o DfsAll(S \ {m})

\* A holder that does not exist: the child of a fork, a table a fork makes.
Fresh(h) == h \notin DOMAIN holds

\* holds with holder h (new or not) holding v.
HoldsWith(h, v) == [x \in DOMAIN holds \cup {h} |-> IF x = h THEN v ELSE holds[x]]

\* The tasks outside the tree.
Outside == {p \in DOMAIN holds : p \in Outsiders /\ p \notin members}

\* What the objhash counted (0: not in it), and what the dump met.
Users(o) == IF o \in DOMAIN users THEN users[o] ELSE 0
Visits(o) == IF o \in DOMAIN visits THEN visits[o] ELSE 0

\* A task the freezer holds: in the cgroup, and the cgroup frozen.
Frozen(t) == t \in incg /\ freezer \in {"FROZEN", "CHECKPOINTING"}

\* Every task that can make system calls: the outside, and tree tasks the
\* freezer does not hold.
Running == Outside \cup {t \in members : ~Frozen(t)}

\* What a holder reaches: what it holds, and the files of the tables it holds.
Reach(h) == holds[h] \cup UNION {holds[f] : f \in holds[h] \cap Tables}

\* The kernel's reference count of o (files_struct->count, file->f_count):
\* one per holder.  (The objhash's own reference, taken by linux-cr on every
\* object it adds, is left out on both sides of the comparison.)
RefCount(o) == Cardinality({h \in DOMAIN holds : o \in holds[h]})

\* Objects a task of the tree reaches.
TreeReach == UNION {Reach(t) : t \in members}

\* Objects something running reaches (it could read, write or pass them on).
OutsideReach == UNION {Reach(p) : p \in Running}

Collected == DOMAIN users
Leaks == {o \in Collected : RefCount(o) # users[o]}

\* The tree in the scans' (depth-first) order.
TreeSeq == DfsFrom(Root)

\* What checkpoint_task(t) meets: the objects t holds, and the files of
\* each table met for the first time (checkpoint_obj walks an object's
\* references only at its first reference).
Meets(t) == holds[t] \cup UNION {holds[f] : f \in (holds[t] \cap Tables) \ written}

-----------------------------------------------------------------------------
(* The kernel rules the model module may replace (bug variants do).       *)

\* A task may move from a cgroup in this state (freezer_can_attach: nothing
\* frozen, freezing or being checkpointed moves to or from it).
MayMoveFrom(state) == state = "THAWED"
\* A user write of THAWED is accepted in this state (freezer_write: EBUSY
\* while CHECKPOINTING).
MayThawFrom(state) == state = "FROZEN"
\* Opening /proc/PID/fd/N of task t (proc_fd_link's get_files_struct +
\* fget) is allowed.  linux-cr allows it always (bugs/ProcFdDuringDump);
\* here it is refused while t is held by a checkpoint, as freezer.state
\* writes are: a reference taken after the leak check is seen by no check
\* (README, "Are linux-cr's checks sufficient?").
ProcFdAllowed(t) == ~(t \in incg /\ freezer = "CHECKPOINTING")

-----------------------------------------------------------------------------
TypeOK ==
    /\ members \subseteq TreeTasks /\ incg \subseteq members
    /\ freezer \in FreezerStates
    /\ DOMAIN holds \subseteq Holders /\ members \subseteq DOMAIN holds
    /\ \A h \in DOMAIN holds : holds[h] \subseteq Objects
    /\ \A f \in DOMAIN holds : f \in Tables => holds[f] \subseteq Files
    /\ \A t \in members : holds[t] \subseteq Tables
    /\ \A h \in DOMAIN holds : \A f \in holds[h] : f \in Tables => f \in DOMAIN holds
    /\ phase \in Phases
    /\ count \in Nat
    /\ arr \in Seq(TreeTasks)
    /\ cursor \in 1..(Len(arr) + 1)
    /\ DOMAIN users \subseteq Objects /\ \A o \in DOMAIN users : users[o] \in Nat \ {0}
    /\ DOMAIN visits = DOMAIN users /\ \A o \in DOMAIN visits : visits[o] \in Nat
    /\ written \subseteq Objects
    /\ dumped \in Seq(TreeTasks)
    /\ error \in Errors
    /\ tree1 \subseteq TreeTasks
    /\ atCheck \subseteq Objects /\ touched \subseteq Objects /\ escaped \subseteq TreeTasks

\* Any world (the model module replaces this by a finite choice).
\* (Written as tests of membership, so that the step oracle can check a
\* kernel's world against it with sets as large as the kernel's.)
WorldInit ==
    /\ IsFiniteSet(DOMAIN parent) /\ DOMAIN parent \subseteq TreeTasks
    /\ Cardinality({t \in DOMAIN parent : parent[t] \notin DOMAIN parent}) = 1
    /\ incg \subseteq members
    /\ freezer \in FreezerStates \ {"CHECKPOINTING"}
    /\ DOMAIN holds \subseteq Holders /\ \A h \in DOMAIN holds : holds[h] \subseteq Objects

Init ==
    /\ WorldInit
    /\ phase = "idle" /\ count = 0 /\ arr = <<>> /\ cursor = 1
    /\ users = [o \in {} |-> 0]
    /\ visits = [o \in {} |-> 0] /\ written = {} /\ dumped = <<>> /\ error = "none"
    /\ tree1 = {} /\ atCheck = {} /\ touched = {} /\ escaped = {}

-----------------------------------------------------------------------------
(* The call.  Each action leaves the world as it is.                       *)

Fail(why) == phase' = "failed" /\ error' = why

\* cgroup_freezer_begin_checkpoint: FROZEN -> CHECKPOINTING.
Begin ==
    /\ phase = "idle" /\ freezer = "FROZEN"
    /\ freezer' = "CHECKPOINTING" /\ phase' = "begun"
    /\ UNCHANGED <<parent, incg, holds, count, arr, cursor, users, visits, written, dumped, error>>

\* The cgroup is not FROZEN: EBUSY.
BeginBusy ==
    /\ phase = "idle" /\ freezer # "FROZEN"
    /\ Fail("freezer")
    /\ UNCHANGED <<world, count, arr, cursor, users, visits, written, dumped>>

\* build_tree's first walk (tree_count_tasks, under tasklist_lock): every
\* task passes may_checkpoint_task; the count is kept.
Scan1 ==
    /\ phase = "begun" /\ members \subseteq incg
    /\ phase' = "counted" /\ count' = Cardinality(members)
    /\ UNCHANGED <<world, arr, cursor, users, visits, written, dumped, error>>

\* may_checkpoint_task(t) fails: "not frozen or wrong cgroup", EBUSY.
ScanBusy(t) ==
    /\ phase = "begun" /\ t \in members \ incg
    /\ Fail("stranger")
    /\ UNCHANGED <<world, count, arr, cursor, users, visits, written, dumped>>

\* build_tree's second walk fills the array (tasklist_lock was dropped in
\* between, for the allocation); the same count as the first.
Scan2 ==
    /\ phase = "counted" /\ Cardinality(members) = count
    /\ phase' = "scanned" /\ arr' = TreeSeq
    /\ UNCHANGED <<world, count, cursor, users, visits, written, dumped, error>>

\* The counts differ: "the tree changed between the two scans", EBUSY.
ScanChanged ==
    /\ phase = "counted" /\ Cardinality(members) # count
    /\ Fail("changed")
    /\ UNCHANGED <<world, count, arr, cursor, users, visits, written, dumped>>

\* ckpt_collect_task(t), for the array's next task: what it reaches now.
Collect(t) ==
    /\ phase = "scanned" /\ cursor <= Len(arr) /\ t = arr[cursor]
    /\ LET firstSeen == {f \in holds[t] \cap Tables : Users(f) = 0}
           met == Collected \cup holds[t] \cup UNION {holds[f] : f \in firstSeen}
       IN /\ users' = [o \in met |->
                         Users(o) + (IF o \in holds[t] THEN 1 ELSE 0)
                         + Cardinality({f \in firstSeen : o \in holds[f]})]
          /\ visits' = [o \in met |-> 0]
    /\ cursor' = cursor + 1
    /\ UNCHANGED <<world, phase, count, arr, written, dumped, error>>

\* ckpt_obj_contained passes: the dump starts (the header is written).
LeakCheckPasses ==
    /\ phase = "scanned" /\ cursor = Len(arr) + 1
    /\ Leaks = {}
    /\ phase' = "dumping" /\ cursor' = 1
    /\ UNCHANGED <<world, count, arr, users, visits, written, dumped, error>>

\* ckpt_obj_contained finds o's count different from its users: EBUSY.
LeakFound(o) ==
    /\ phase = "scanned" /\ cursor = Len(arr) + 1
    /\ o \in Leaks
    /\ Fail("leak")
    /\ UNCHANGED <<world, count, arr, cursor, users, visits, written, dumped>>

\* checkpoint_task(t): every object met is in the objhash; mark it visited
\* and write it at its first reference.
DumpTask(t) ==
    /\ phase = "dumping" /\ cursor <= Len(arr) /\ t = arr[cursor]
    /\ Meets(t) \subseteq Collected
    /\ visits' = [o \in DOMAIN visits |->
                    visits[o] + (IF o \in holds[t] THEN 1 ELSE 0)
                    + Cardinality({f \in (holds[t] \cap Tables) \ written : o \in holds[f]})]
    /\ written' = written \cup Meets(t)
    /\ dumped' = Append(dumped, t)
    /\ cursor' = cursor + 1
    /\ UNCHANGED <<world, phase, count, arr, users, error>>

\* checkpoint_obj meets o, which collect never saw: "reverse leak", EBUSY.
ReverseLeak(t, o) ==
    /\ phase = "dumping" /\ cursor <= Len(arr) /\ t = arr[cursor]
    /\ o \in Meets(t) \ Collected
    /\ Fail("reverse")
    /\ UNCHANGED <<world, count, arr, cursor, users, visits, written, dumped>>

\* ckpt_obj_visited passes.  linux-cr asks that every collected object was
\* met at least once (CKPT_OBJ_VISITED, bugs/VisitedFlagOnly); here the
\* dump must meet each as many times as collect counted it, or counts that
\* match the leak check by coincidence go unnoticed (README).
VisitedOK(o) == visits[o] = users[o]
VisitCheck ==
    /\ phase = "dumping" /\ cursor = Len(arr) + 1
    /\ \A o \in Collected : VisitedOK(o)
    /\ phase' = "dumped"
    /\ UNCHANGED <<world, count, arr, cursor, users, visits, written, dumped, error>>

\* ckpt_obj_visited finds o not met (as collect met it): "leak: not
\* visited", EBUSY.
NotVisited(o) ==
    /\ phase = "dumping" /\ cursor = Len(arr) + 1
    /\ o \in Collected /\ ~VisitedOK(o)
    /\ Fail("unvisited")
    /\ UNCHANGED <<world, count, arr, cursor, users, visits, written, dumped>>

\* checkpoint_write_tail: the call will succeed.
WriteTail ==
    /\ phase = "dumped"
    /\ phase' = "written"
    /\ UNCHANGED <<world, count, arr, cursor, users, visits, written, dumped, error>>

\* checkpoint() returns; the cgroup it took goes back to FROZEN
\* (cgroup_freezer_end_checkpoint).
End ==
    /\ phase \in {"written", "failed"}
    /\ phase' = "ended"
    /\ freezer' = IF freezer = "CHECKPOINTING" THEN "FROZEN" ELSE freezer
    /\ UNCHANGED <<parent, incg, holds, count, arr, cursor, users, visits, written, dumped, error>>

CallNext ==
    \/ Begin \/ BeginBusy
    \/ Scan1 \/ \E t \in TreeTasks : ScanBusy(t)
    \/ Scan2 \/ ScanChanged
    \/ \E t \in TreeTasks : Collect(t)
    \/ LeakCheckPasses \/ \E o \in Objects : LeakFound(o)
    \/ \E t \in TreeTasks : DumpTask(t) \/ \E o \in Objects : ReverseLeak(t, o)
    \/ VisitCheck \/ \E o \in Objects : NotVisited(o)
    \/ WriteTail \/ End

-----------------------------------------------------------------------------
(* The world outside the call: tasks that run while the call is between   *)
(* two of its steps.  Each leaves the call as it is.                       *)

\* open("/proc/T/fd/N") by outside task p, or pidfd_getfd (kernel: getfd):
\* a reference to the file x that tree task t reaches, installed in the
\* table h that p holds (h = p: p's own reference, the model's shorthand
\* for a table of p's that nothing else holds).
ProcOpen(p, h, t, x) ==
    /\ p \in Outside /\ t \in members /\ x \in Reach(t) \cap Files
    /\ h \in {p} \cup (holds[p] \cap Tables) /\ x \notin holds[h]
    /\ ProcFdAllowed(t)
    /\ holds' = [holds EXCEPT ![h] = @ \cup {x}]
    /\ UNCHANGED <<parent, incg, freezer>>

\* A running task p that shares table f gets its own reference to file x of
\* f: fork without CLONE_FILES copies the table (the copy is p's here), or
\* sendmsg(SCM_RIGHTS) to itself.  (The kernel's fork that copies the table
\* is CopyFiles.)
Grab(p, f, x) ==
    /\ p \in Running /\ p \in Outside /\ f \in holds[p] \cap Tables /\ x \in holds[f] /\ x \notin holds[p]
    /\ holds' = [holds EXCEPT ![p] = @ \cup {x}]
    /\ UNCHANGED <<parent, incg, freezer>>

\* A running task p that holds table f installs file x in it (kernel: open
\* of a new file, one nobody holds and the objhash never saw; or dup2 of a
\* file p holds).
Install(p, f, x) ==
    /\ p \in Running /\ f \in holds[p] \cap Tables /\ x \in Files /\ x \notin holds[f]
    /\ \/ x \in holds[p]
       \/ RefCount(x) = 0 /\ x \notin Collected
    /\ holds' = [holds EXCEPT ![f] = @ \cup {x}]
    /\ UNCHANGED <<parent, incg, freezer>>

\* close(2) by a running task p of its last fd of file x in table f it holds
\* (kernel: close).
CloseIn(p, f, x) ==
    /\ p \in Running /\ f \in holds[p] \cap Tables /\ x \in holds[f]
    /\ holds' = [holds EXCEPT ![f] = @ \ {x}]
    /\ UNCHANGED <<parent, incg, freezer>>

\* Outside task p drops its reference to o: close of its own fd, or the
\* unshare of a table it shared.
Drop(p, o) ==
    /\ p \in Outside /\ o \in holds[p]
    /\ holds' = [holds EXCEPT ![p] = @ \ {o}]
    /\ UNCHANGED <<parent, incg, freezer>>

\* Outside task p exits (kernel: exit): it and the tables only it held are
\* gone, and with them their references.
Exit(p) ==
    /\ p \in Outside
    /\ LET gone == {p} \cup {f \in holds[p] \cap Tables : \A h \in DOMAIN holds \ {p} : f \notin holds[h]}
       IN holds' = [h \in DOMAIN holds \ gone |-> holds[h]]
    /\ UNCHANGED <<parent, incg, freezer>>

\* Outside task p forks q with CLONE_FILES (kernel: fork with files): q, a
\* new task outside the tree, shares p's table f.
ShareFiles(p, q, f) ==
    /\ p \in Outside /\ q \in Outsiders /\ Fresh(q) /\ f \in holds[p] \cap Tables
    /\ holds' = HoldsWith(q, {f})
    /\ UNCHANGED <<parent, incg, freezer>>

\* Outside task p forks q without CLONE_FILES (kernel: fork): q, a new task
\* outside the tree, holds g, a new table with the files of p's table f.
CopyFiles(p, q, f, g) ==
    /\ p \in Outside /\ q \in Outsiders /\ Fresh(q) /\ f \in holds[p] \cap Tables
    /\ g \in Tables /\ Fresh(g) /\ q # g
    /\ holds' = [h \in DOMAIN holds \cup {q, g} |->
                    IF h = q THEN {g} ELSE IF h = g THEN holds[f] ELSE holds[h]]
    /\ UNCHANGED <<parent, incg, freezer>>

\* A running tree task t forks c with CLONE_FILES (kernel: fork with files):
\* c joins the tree (in t's cgroup, which is not the frozen one).
TreeFork(t, c) ==
    /\ t \in members /\ ~Frozen(t) /\ c \in TreeTasks /\ Fresh(c)
    /\ parent' = [x \in members \cup {c} |-> IF x = c THEN t ELSE parent[x]]
    /\ incg' = IF t \in incg THEN incg \cup {c} ELSE incg
    /\ holds' = HoldsWith(c, holds[t])
    /\ UNCHANGED freezer

\* The same without CLONE_FILES (kernel: fork): c holds g, a new table with
\* the files of t's table f.
TreeForkCopy(t, c, f, g) ==
    /\ t \in members /\ ~Frozen(t) /\ c \in TreeTasks /\ Fresh(c) /\ f \in holds[t]
    /\ g \in Tables /\ Fresh(g) /\ c # g
    /\ parent' = [x \in members \cup {c} |-> IF x = c THEN t ELSE parent[x]]
    /\ incg' = IF t \in incg THEN incg \cup {c} ELSE incg
    /\ holds' = [h \in DOMAIN holds \cup {c, g} |->
                    IF h = c THEN {g} ELSE IF h = g THEN holds[f] ELSE holds[h]]
    /\ UNCHANGED freezer

\* echo PID > cgroup.procs (kernel: attach): the tree tasks S, the threads of
\* one process (one task for a process of one thread), leave the root's
\* cgroup together ...
Leave(S) ==
    /\ S # {} /\ S \subseteq incg /\ MayMoveFrom(freezer)
    /\ incg' = incg \ S
    /\ UNCHANGED <<parent, freezer, holds>>

\* ... or join it (the destination must be THAWED).
Join(S) ==
    /\ S # {} /\ S \subseteq members \ incg /\ freezer = "THAWED"
    /\ incg' = incg \cup S
    /\ UNCHANGED <<parent, freezer, holds>>

\* echo THAWED > freezer.state (kernel: thaw).
Thaw ==
    /\ MayThawFrom(freezer)
    /\ freezer' = "THAWED"
    /\ UNCHANGED <<parent, incg, holds>>

\* echo FROZEN > freezer.state (FREEZING -> FROZEN in one step here: every
\* task of the cgroup is frozen at once; kernel: the step that freezes the
\* cgroup's last running task).
Freeze ==
    /\ freezer = "THAWED"
    /\ freezer' = "FROZEN"
    /\ UNCHANGED <<parent, incg, holds>>

\* The world acts while the call is in progress (after it, nothing matters).
EnvNext ==
    /\ phase # "ended"
    /\ \/ \E p \in Outsiders, h \in Holders, t \in TreeTasks, x \in Files : ProcOpen(p, h, t, x)
       \/ \E p \in Holders, f \in Tables, x \in Files : Grab(p, f, x) \/ Install(p, f, x) \/ CloseIn(p, f, x)
       \/ \E p \in Outsiders, o \in Objects : Drop(p, o)
       \/ \E p \in Outsiders : Exit(p)
       \/ \E p \in Holders, q \in Outsiders, f \in Tables : ShareFiles(p, q, f)
       \/ \E p \in Holders, q \in Outsiders, f, g \in Tables : CopyFiles(p, q, f, g)
       \/ \E t, c \in TreeTasks : TreeFork(t, c)
       \/ \E t, c \in TreeTasks, f, g \in Tables : TreeForkCopy(t, c, f, g)
       \/ \E S \in SUBSET members : Leave(S) \/ Join(S)  \* (members, not TreeTasks: the
                                                         \* step oracle's TreeTasks is every pid)
       \/ Thaw \/ Freeze
    /\ UNCHANGED call

-----------------------------------------------------------------------------
(* History for the properties: what the outside reached while it mattered. *)

\* From the leak check to the end of the dump (phases dumping and dumped).
InDump(ph) == ph \in {"dumping", "dumped"}
\* From the freezer gate to the end of the dump.
InCall(ph) == ph \in {"begun", "counted", "scanned", "dumping", "dumped"}

Ghost ==
    /\ tree1' = IF phase = "begun" /\ phase' = "counted" THEN members ELSE tree1
    /\ atCheck' = IF phase = "scanned" /\ phase' = "dumping" THEN OutsideReach ELSE atCheck
    /\ touched' = IF InDump(phase') THEN touched \cup OutsideReach' ELSE touched
    /\ escaped' = IF InCall(phase') THEN escaped \cup {t \in members' : ~(t \in incg' /\ freezer' \in {"FROZEN", "CHECKPOINTING"})}
                                   ELSE escaped

\* The call has returned: a final state, not a deadlock.
Returned == phase = "ended" /\ UNCHANGED vars

Next == \/ (CallNext \/ EnvNext) /\ Ghost
        \/ Returned

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties. *)

Succeeded == phase \in {"written", "ended"} /\ error = "none"

\* The container image is closed: no object in an image whose checkpoint
\* succeeded was reached from outside the container at any point from the
\* leak check to the end of the dump (restart would split what the outside
\* shares, and the outside could have changed it while it was written).
ImageIsContained == Succeeded => written \cap touched = {}

\* The leak check's verdict was right: nothing outside reached an object
\* of the image when the check passed (counts that matched by coincidence,
\* one reference gained and another lost, do not make a success).
LeakCheckNotFooled == Succeeded => written \cap atCheck = {}

\* The image holds the whole tree, every task frozen throughout: no task
\* missed, none that ran while it was being written.
ImageIsTheFrozenTree ==
    Succeeded => /\ Range(dumped) = members
                 /\ Range(dumped) \cap escaped = {}

\* The array the second scan filled holds exactly the tasks the first scan
\* checked: two scans that disagree never let the call go on.
ScansAgree == phase \in {"scanned", "dumping", "dumped", "written"} => Range(arr) = tree1

\* Nobody thaws the tree while the call holds it.
NoThawMidCall == (InCall(phase) \/ phase = "written") => freezer = "CHECKPOINTING"
=============================================================================
