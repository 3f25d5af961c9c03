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
    TreeTasks,   \* tasks that are or may become part of the container's tree
    TreeOrder,   \* TreeTasks in depth-first order (the root first): both scans' order
    Outsiders,   \* tasks outside the container (they never join the tree)
    Tables,      \* fd tables (files_struct)
    Files        \* open files (struct file)

Objects == Tables \cup Files
Holders == TreeTasks \cup Outsiders \cup Tables

ASSUME TreeOrder \in Seq(TreeTasks)
ASSUME TreeTasks \cap Outsiders = {} /\ Tables \cap Files = {}

FreezerStates == {"THAWED", "FROZEN", "CHECKPOINTING"}
Phases == {"idle", "begun", "counted", "scanned", "dumping", "dumped", "written", "failed", "ended"}
\* Why the call failed: the EBUSY reasons of linux-cr.
Errors == {"none", "freezer", "stranger", "changed", "leak", "reverse", "unvisited"}

VARIABLES
    \* The world, which keeps changing during the call:
    members,    \* the tasks of the tree (the root and its descendants)
    incg,       \* the tasks of the tree in the root's freezer cgroup
    freezer,    \* that cgroup's freezer.state
    holds,      \* [holder -> the objects it holds a reference to]
    \* The call:
    phase,
    count,      \* the first scan's count
    arr,        \* the second scan's array (ctx->tasks_arr), in DFS order
    cursor,     \* the next index of arr to collect or dump
    users,      \* the objhash: [object -> users counted by collect]; 0: not in it
    visits,     \* [object -> references the dump met] (CKPT_OBJ_VISITED, counted)
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

world == <<members, incg, freezer, holds>>
call == <<phase, count, arr, cursor, users, visits, written, dumped, error>>
ghost == <<tree1, atCheck, touched, escaped>>
vars == <<world, call, ghost>>

-----------------------------------------------------------------------------
(* Derived facts of the world. *)

Range(s) == {s[i] : i \in DOMAIN s}

\* A task the freezer holds: in the cgroup, and the cgroup frozen.
Frozen(t) == t \in incg /\ freezer \in {"FROZEN", "CHECKPOINTING"}

\* Every task that can make system calls: the outside, and tree tasks the
\* freezer does not hold.
Running == Outsiders \cup {t \in members : ~Frozen(t)}

\* What a holder reaches: what it holds, and the files of the tables it holds.
Reach(h) == holds[h] \cup UNION {holds[f] : f \in holds[h] \cap Tables}

\* The kernel's reference count of o (files_struct->count, file->f_count):
\* one per holder.  (The objhash's own reference, taken by linux-cr on every
\* object it adds, is left out on both sides of the comparison.)
RefCount(o) == Cardinality({h \in Holders : o \in holds[h]})

\* Objects a task of the tree reaches.
TreeReach == UNION {Reach(t) : t \in members}

\* Objects something running reaches (it could read, write or pass them on).
OutsideReach == UNION {Reach(p) : p \in Running}

Collected == {o \in Objects : users[o] > 0}
Leaks == {o \in Collected : RefCount(o) # users[o]}

\* The tree in the scans' (depth-first) order.
TreeSeq == SelectSeq(TreeOrder, LAMBDA t : t \in members)

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
    /\ holds \in [Holders -> SUBSET Objects]
    /\ \A f \in Tables : holds[f] \subseteq Files
    /\ \A t \in TreeTasks : holds[t] \subseteq Tables
    /\ phase \in Phases
    /\ count \in 0..Cardinality(TreeTasks)
    /\ arr \in Seq(TreeTasks)
    /\ cursor \in 1..(Len(TreeOrder) + 1)
    /\ users \in [Objects -> 0..Cardinality(Holders)]
    /\ visits \in [Objects -> 0..Cardinality(Holders)] /\ written \subseteq Objects
    /\ dumped \in Seq(TreeTasks)
    /\ error \in Errors
    /\ tree1 \subseteq TreeTasks
    /\ atCheck \subseteq Objects /\ touched \subseteq Objects /\ escaped \subseteq TreeTasks

\* Any world (the model module replaces this by a finite choice).
WorldInit ==
    /\ members \subseteq TreeTasks /\ incg \subseteq members
    /\ freezer \in FreezerStates \ {"CHECKPOINTING"}
    /\ holds \in [Holders -> SUBSET Objects]

Init ==
    /\ WorldInit
    /\ phase = "idle" /\ count = 0 /\ arr = <<>> /\ cursor = 1
    /\ users = [o \in Objects |-> 0]
    /\ visits = [o \in Objects |-> 0] /\ written = {} /\ dumped = <<>> /\ error = "none"
    /\ tree1 = {} /\ atCheck = {} /\ touched = {} /\ escaped = {}

-----------------------------------------------------------------------------
(* The call.  Each action leaves the world as it is.                       *)

Fail(why) == phase' = "failed" /\ error' = why

\* cgroup_freezer_begin_checkpoint: FROZEN -> CHECKPOINTING.
Begin ==
    /\ phase = "idle" /\ freezer = "FROZEN"
    /\ freezer' = "CHECKPOINTING" /\ phase' = "begun"
    /\ UNCHANGED <<members, incg, holds, count, arr, cursor, users, visits, written, dumped, error>>

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
    /\ users' = [o \in Objects |->
                    users[o] + (IF o \in holds[t] THEN 1 ELSE 0)
                    + Cardinality({f \in holds[t] \cap Tables : users[f] = 0 /\ o \in holds[f]})]
    /\ cursor' = cursor + 1
    /\ UNCHANGED <<world, phase, count, arr, visits, written, dumped, error>>

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
    /\ visits' = [o \in Objects |->
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
    /\ UNCHANGED <<members, incg, holds, count, arr, cursor, users, visits, written, dumped, error>>

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

\* open("/proc/T/fd/N") by outside task p: a reference to the file x that a
\* tree task t reaches (pidfd_getfd does the same today).
ProcOpen(p, t, x) ==
    /\ p \in Outsiders /\ t \in members /\ x \in Reach(t) \cap Files /\ x \notin holds[p]
    /\ ProcFdAllowed(t)
    /\ holds' = [holds EXCEPT ![p] = @ \cup {x}]
    /\ UNCHANGED <<members, incg, freezer>>

\* A running task p that shares table f gets its own reference to file x of
\* f: fork without CLONE_FILES copies the table (the copy is p's here), or
\* sendmsg(SCM_RIGHTS) to itself.
Grab(p, f, x) ==
    /\ p \in Running /\ p \in Outsiders /\ f \in holds[p] \cap Tables /\ x \in holds[f] /\ x \notin holds[p]
    /\ holds' = [holds EXCEPT ![p] = @ \cup {x}]
    /\ UNCHANGED <<members, incg, freezer>>

\* A running task p that holds table f installs file x in it: dup2 of a file
\* it holds, or open of a new file (one nobody holds and the objhash never
\* saw).
Install(p, f, x) ==
    /\ p \in Running /\ f \in holds[p] \cap Tables /\ x \in Files \ holds[f]
    /\ \/ x \in holds[p]
       \/ RefCount(x) = 0 /\ users[x] = 0
    /\ holds' = [holds EXCEPT ![f] = @ \cup {x}]
    /\ UNCHANGED <<members, incg, freezer>>

\* close(2) by a running task p on file x of table f it holds.
CloseIn(p, f, x) ==
    /\ p \in Running /\ f \in holds[p] \cap Tables /\ x \in holds[f]
    /\ holds' = [holds EXCEPT ![f] = @ \ {x}]
    /\ UNCHANGED <<members, incg, freezer>>

\* Outside task p drops its reference to o: close of its own fd, or the
\* unshare/exit of a table it shared (exit drops them one by one here).
Drop(p, o) ==
    /\ p \in Outsiders /\ o \in holds[p]
    /\ holds' = [holds EXCEPT ![p] = @ \ {o}]
    /\ UNCHANGED <<members, incg, freezer>>

\* A running task p forks q with CLONE_FILES: q shares p's table f.  q is an
\* outside task that holds nothing yet (a new child outside the tree).
ShareFiles(p, q, f) ==
    /\ p \in Running /\ q \in Outsiders /\ q # p /\ holds[q] = {} /\ f \in holds[p] \cap Tables
    /\ holds' = [holds EXCEPT ![q] = {f}]
    /\ UNCHANGED <<members, incg, freezer>>

\* A running tree task t forks c with CLONE_FILES: c joins the tree (in t's
\* cgroup, which is not the frozen one).
TreeFork(t, c) ==
    /\ t \in members /\ ~Frozen(t) /\ c \in TreeTasks \ members /\ holds[c] = {}
    /\ members' = members \cup {c}
    /\ incg' = IF t \in incg THEN incg \cup {c} ELSE incg
    /\ holds' = [holds EXCEPT ![c] = holds[t]]
    /\ UNCHANGED freezer

\* echo PID > cgroup/tasks: tree task t leaves the root's cgroup ...
Leave(t) ==
    /\ t \in incg /\ MayMoveFrom(freezer)
    /\ incg' = incg \ {t}
    /\ UNCHANGED <<members, freezer, holds>>

\* ... or joins it (the destination must be THAWED).
Join(t) ==
    /\ t \in members \ incg /\ freezer = "THAWED"
    /\ incg' = incg \cup {t}
    /\ UNCHANGED <<members, freezer, holds>>

\* echo THAWED > freezer.state.
Thaw ==
    /\ MayThawFrom(freezer)
    /\ freezer' = "THAWED"
    /\ UNCHANGED <<members, incg, holds>>

\* echo FROZEN > freezer.state (FREEZING -> FROZEN in one step here: every
\* task of the cgroup is frozen at once).
Freeze ==
    /\ freezer = "THAWED"
    /\ freezer' = "FROZEN"
    /\ UNCHANGED <<members, incg, holds>>

\* The world acts while the call is in progress (after it, nothing matters).
EnvNext ==
    /\ phase # "ended"
    /\ \/ \E p \in Outsiders, t \in TreeTasks, x \in Files : ProcOpen(p, t, x)
       \/ \E p \in Holders, f \in Tables, x \in Files : Grab(p, f, x) \/ Install(p, f, x) \/ CloseIn(p, f, x)
       \/ \E p \in Outsiders, o \in Objects : Drop(p, o)
       \/ \E p \in Holders, q \in Outsiders, f \in Tables : ShareFiles(p, q, f)
       \/ \E t, c \in TreeTasks : TreeFork(t, c)
       \/ \E t \in TreeTasks : Leave(t) \/ Join(t)
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
