--------------------------- MODULE SharedObjects ---------------------------
(***************************************************************************)
(* One checkpoint() call and the objects it writes (linux-cr v20/v21       *)
(* checkpoint/objhash.c, checkpoint/checkpoint.c).                         *)
(*                                                                         *)
(* The world is the tree being checkpointed: its tasks in depth-first      *)
(* order, and the kernel objects they reach (fd tables -> files ->         *)
(* inodes; mm -> mapped files and shared memory; fs; sighand), each with   *)
(* the references held from outside the tree (other tasks, the path table) *)
(* and by the checkpoint context itself (its image and log files).  The    *)
(* tree is frozen, so the world does not change during the call.           *)
(*                                                                         *)
(* The call, step by step, as do_checkpoint runs it:                       *)
(*   Begin      cgroup_freezer_begin_checkpoint: FROZEN -> CHECKPOINTING,  *)
(*              else EBUSY (a self checkpoint of a lone task has no gate)  *)
(*   Scan       build_tree / may_checkpoint_task: EBUSY for a task the    *)
(*              freezer does not hold                                      *)
(*   Collect(t) collect_objects, one task at a time: the objhash inserts   *)
(*              each object at its first encounter (objref 1, 2, 3, ... in *)
(*              that order) and counts its users                           *)
(*   LeakCheck  ckpt_obj_contained: every collected object's refcount must *)
(*              equal its users plus the context's own references, else    *)
(*              EBUSY "usage leak" (skipped with CHECKPOINT_SUBTREE, where *)
(*              the image instead marks each object shared with outside)   *)
(*   DumpTask(t) checkpoint_task: an object's OBJREF record at its first   *)
(*              reference, its state records after those of the objects it *)
(*              refers to, and its objref for every later reference        *)
(*   Tail       checkpoint_write_tail                                      *)
(*   End        cgroup_freezer_end_checkpoint: CHECKPOINTING -> FROZEN     *)
(* A failure before the dump writes nothing but the ERROR record.          *)
(*                                                                         *)
(* Departure from linux-cr: collect runs with CHECKPOINT_SUBTREE too (it   *)
(* writes nothing), so that the image can say which objects are shared     *)
(* with the outside.                                                       *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    Tasks,      \* task identities (the oracle uses global pids)
    Objects,    \* object identities (the oracle uses the kernel's object ids)
    None        \* "no task, no object" (in a record that names none)

ASSUME None \notin Tasks \cup Objects

\* Kernel object kinds, as the simulated kernel names them.
Kinds == {"fdtable", "file", "regular", "pipe", "socket", "shmem", "mm", "fs", "sighand"}

\* Which kind of object may hold a reference to which: the reference graph is
\* typed, hence acyclic, so the depth-first walks below terminate.
MayHold(holder, held) ==
    \/ holder = "fdtable" /\ held = "file"
    \/ holder = "file" /\ held \in {"regular", "pipe", "socket", "shmem"}
    \/ holder = "mm" /\ held \in {"file", "shmem"}

FreezerStates == {"THAWED", "FREEZING", "FROZEN", "CHECKPOINTING", "NONE"}
Phases == {"idle", "begun", "scanned", "dumping", "written", "failed", "ended"}
Errors == {"none", "freezer", "stranger", "leak"}

VARIABLES
    \* The world (unchanged by the call):
    tree,       \* the tasks of the tree in depth-first order (the root first)
    kind,       \* [object -> its kind]; DOMAIN kind is every object in play
    slots,      \* [task -> the objects it holds, in dump order (fd table, mm, fs, sighand)]
    refsOf,     \* [object -> the objects it holds, in dump order, once per reference]
    outside,    \* [object -> references held from outside the tree]
    ctxRefs,    \* [object -> references held by the checkpoint context (image, log file)]
    strangers,  \* tasks of the tree the freezer does not hold (another cgroup)
    subtree,    \* the call's CHECKPOINT_SUBTREE flag
    \* The call:
    freezer,    \* the root's freezer cgroup ("NONE": a self checkpoint with no gate)
    phase,
    cursor,     \* the next task to collect or dump (an index into tree)
    objref,     \* the objhash: [object -> its objref, 0 while not in the hash]
    users,      \* the objhash: [object -> references counted by collect]
    written,    \* the objects whose OBJREF record is in the image
    image,      \* the records written, in stream order
    error       \* why the call failed ("none" while it has not)

world == <<tree, kind, slots, refsOf, outside, ctxRefs, strangers, subtree>>
call == <<freezer, phase, cursor, objref, users, written, image, error>>
vars == <<world, call>>

-----------------------------------------------------------------------------
(* The world's derived facts. *)

Range(s) == {s[i] : i \in DOMAIN s}
Objs == DOMAIN kind
TreeTasks == Range(tree)

RECURSIVE Closure(_)
Closure(S) == LET next == S \cup UNION {Range(refsOf[o]) : o \in S}
              IN IF next = S THEN S ELSE Closure(next)

\* Every object the tree reaches.
Reachable == Closure(UNION {Range(slots[t]) : t \in TreeTasks})

\* The references to o held inside the tree: from its tasks and from the
\* objects they reach.
InTreeRefs(o) ==
    Cardinality(UNION {{<<t, i>> : i \in {j \in 1..Len(slots[t]) : slots[t][j] = o}} : t \in TreeTasks})
    + Cardinality(UNION {{<<p, i>> : i \in {j \in 1..Len(refsOf[p]) : refsOf[p][j] = o}} : p \in Reachable})

\* The kernel's reference count (file->f_count, files_struct->count, mm_users...).
RefCount(o) == InTreeRefs(o) + outside[o] + ctxRefs[o]

Collected == {o \in Objs : objref[o] # 0}

\* The kinds whose count the leak check compares.  A regular file's inode is
\* also held by the filesystem (its path), and in Linux inodes have no
\* ref_users: what tasks share is the open file, and files are checked.
Checked(o) == kind[o] # "regular"

\* What ckpt_obj_contained finds: a reference collect did not count.
Leaks == {o \in Collected : Checked(o) /\ RefCount(o) # users[o] + ctxRefs[o]}

-----------------------------------------------------------------------------
(* Image records.  Every record has the same fields: a TLC sequence holds  *)
(* records of one shape.  `who` names the task or object (None if none),   *)
(* `ref` its objref, `uses` the objrefs the record refers to.              *)

Rec(type, who, ref, k, uses, shared) ==
    [type |-> type, who |-> who, ref |-> ref, kind |-> k, uses |-> uses, shared |-> shared]

RefsOfSeq(s) == [i \in 1..Len(s) |-> objref[s[i]]]

HeaderRec == Rec("header", None, 0, "", <<>>, FALSE)
TailRec == Rec("tail", None, 0, "", <<>>, FALSE)
ErrorRec(why, who) == Rec("error", who, 0, why, <<>>, FALSE)
\* OBJREF: the first occurrence of o (flags: shared with the outside).
ObjrefRec(o) == Rec("objref", o, objref[o], kind[o], <<>>, o \in Leaks)
\* The records that carry o's state (FILE, FILE_TABLE, VMA...).
StateRec(o) == Rec("state", o, objref[o], kind[o], RefsOfSeq(refsOf[o]), FALSE)
\* TASK_OBJS: the objrefs of what the task holds.
TaskRec(t) == Rec("task", t, 0, "", RefsOfSeq(slots[t]), FALSE)

RecordTypes == {"header", "objref", "state", "task", "tail", "error"}

-----------------------------------------------------------------------------
(* The two depth-first walks.  Both visit the objects of a task in the     *)
(* same order (slots, then each object's references, pre-order); that is   *)
(* what makes the objrefs collect assigns appear in the image in order.    *)

\* collect: st = [objref, users]; an object's references are walked only at
\* its first encounter (ckpt_obj_lookup_add), later ones count a user.
RECURSIVE CollectObj(_, _), CollectAll(_, _)
CollectObj(o, st) ==
    IF st.objref[o] # 0
    THEN [st EXCEPT !.users[o] = @ + 1]
    ELSE CollectAll(refsOf[o],
            [st EXCEPT !.objref[o] = Cardinality({p \in Objs : st.objref[p] # 0}) + 1,
                       !.users[o] = 1])
CollectAll(s, st) == IF s = <<>> THEN st ELSE CollectAll(Tail(s), CollectObj(Head(s), st))

\* dump: st = [written, image]; checkpoint_obj writes OBJREF at the first
\* reference, then the objects it refers to, then its own state records.
RECURSIVE DumpObj(_, _), DumpAll(_, _)
DumpObj(o, st) ==
    IF o \in st.written
    THEN st
    ELSE LET st1 == [written |-> st.written \cup {o}, image |-> Append(st.image, ObjrefRec(o))]
             st2 == DumpAll(refsOf[o], st1)
         IN [st2 EXCEPT !.image = Append(@, StateRec(o))]
DumpAll(s, st) == IF s = <<>> THEN st ELSE DumpAll(Tail(s), DumpObj(Head(s), st))

-----------------------------------------------------------------------------
(* Type and initial state. *)

WorldOK ==
    /\ tree \in Seq(Tasks) /\ tree # <<>>
    /\ \A i, j \in 1..Len(tree) : i # j => tree[i] # tree[j]
    /\ Objs \subseteq Objects
    /\ kind \in [Objs -> Kinds]
    /\ DOMAIN slots = TreeTasks /\ \A t \in TreeTasks : slots[t] \in Seq(Objs)
    /\ DOMAIN refsOf = Objs
    /\ \A o \in Objs : refsOf[o] \in Seq(Objs) /\ \A i \in 1..Len(refsOf[o]) : MayHold(kind[o], kind[refsOf[o][i]])
    /\ outside \in [Objs -> Nat] /\ ctxRefs \in [Objs -> Nat]
    /\ strangers \subseteq TreeTasks
    /\ subtree \in BOOLEAN

TypeOK ==
    /\ WorldOK
    /\ freezer \in FreezerStates
    /\ phase \in Phases
    /\ cursor \in 1..(Len(tree) + 1)
    /\ objref \in [Objs -> Nat] /\ users \in [Objs -> Nat]
    /\ written \subseteq Objs
    /\ image \in Seq([type : RecordTypes, who : Tasks \cup Objects \cup {None}, ref : Nat,
                      kind : Kinds \cup Errors \cup {""}, uses : Seq(Nat), shared : BOOLEAN])
    /\ error \in Errors

\* Any well-formed world (the model module replaces this by a finite choice).
WorldInit == WorldOK

Init ==
    /\ WorldInit
    /\ freezer \in FreezerStates
    /\ phase = "idle"
    /\ cursor = 1
    /\ objref = [o \in Objs |-> 0]
    /\ users = [o \in Objs |-> 0]
    /\ written = {}
    /\ image = <<>>
    /\ error = "none"

-----------------------------------------------------------------------------
(* Actions. *)

Fail(why, who) ==
    /\ phase' = "failed"
    /\ error' = why
    /\ image' = Append(image, ErrorRec(why, who))

\* cgroup_freezer_begin_checkpoint on the root's cgroup: FROZEN -> CHECKPOINTING.
Begin ==
    /\ phase = "idle" /\ freezer = "FROZEN"
    /\ freezer' = "CHECKPOINTING" /\ phase' = "begun"
    /\ UNCHANGED <<world, cursor, objref, users, written, image, error>>

\* A self checkpoint of a task with no other task to freeze: no freezer gate
\* (get_freezer_task finds none).
BeginSelf ==
    /\ phase = "idle" /\ freezer = "NONE"
    /\ phase' = "begun"
    /\ UNCHANGED <<world, freezer, cursor, objref, users, written, image, error>>

\* The cgroup is not FROZEN (or another checkpoint holds it): EBUSY.
BeginBusy ==
    /\ phase = "idle" /\ freezer \notin {"FROZEN", "NONE"}
    /\ Fail("freezer", None)
    /\ UNCHANGED <<world, freezer, cursor, objref, users, written>>

\* build_tree: every task is one the freezer holds.
Scan ==
    /\ phase = "begun" /\ strangers = {}
    /\ phase' = "scanned"
    /\ UNCHANGED <<world, freezer, cursor, objref, users, written, image, error>>

\* may_checkpoint_task fails for t: "not frozen or wrong cgroup", EBUSY.
ScanBusy(t) ==
    /\ phase = "begun" /\ t \in strangers
    /\ Fail("stranger", t)
    /\ UNCHANGED <<world, freezer, cursor, objref, users, written>>

\* ckpt_collect_task(t): the next task in tree order.
Collect(t) ==
    /\ phase = "scanned" /\ cursor <= Len(tree) /\ t = tree[cursor]
    /\ LET st == CollectAll(slots[t], [objref |-> objref, users |-> users])
       IN objref' = st.objref /\ users' = st.users
    /\ cursor' = cursor + 1
    /\ UNCHANGED <<world, freezer, phase, written, image, error>>

\* Every task collected and nothing leaks: the dump starts with the header.
LeakCheckPasses ==
    /\ phase = "scanned" /\ cursor = Len(tree) + 1 /\ ~subtree
    /\ Leaks = {}
    /\ phase' = "dumping" /\ cursor' = 1 /\ image' = <<HeaderRec>>
    /\ UNCHANGED <<world, freezer, objref, users, written, error>>

\* ckpt_obj_contained finds o referenced from outside: EBUSY, "usage leak".
LeakFound(o) ==
    /\ phase = "scanned" /\ cursor = Len(tree) + 1 /\ ~subtree
    /\ o \in Leaks
    /\ Fail("leak", o)
    /\ UNCHANGED <<world, freezer, cursor, objref, users, written>>

\* CHECKPOINT_SUBTREE: outside sharing is the user's business; no check.
LeakCheckSkipped ==
    /\ phase = "scanned" /\ cursor = Len(tree) + 1 /\ subtree
    /\ phase' = "dumping" /\ cursor' = 1 /\ image' = <<HeaderRec>>
    /\ UNCHANGED <<world, freezer, objref, users, written, error>>

\* checkpoint_task(t): its objects inline at first use, then TASK_OBJS.
DumpTask(t) ==
    /\ phase = "dumping" /\ cursor <= Len(tree) /\ t = tree[cursor]
    /\ LET st == DumpAll(slots[t], [written |-> written, image |-> image])
       IN /\ written' = st.written
          /\ image' = Append(st.image, TaskRec(t))
    /\ cursor' = cursor + 1
    /\ UNCHANGED <<world, freezer, phase, objref, users, error>>

\* checkpoint_write_tail.
WriteTail ==
    /\ phase = "dumping" /\ cursor = Len(tree) + 1
    /\ phase' = "written" /\ image' = Append(image, TailRec)
    /\ UNCHANGED <<world, freezer, cursor, objref, users, written, error>>

\* The call has returned: nothing more happens (a final state, not a deadlock).
Returned == phase = "ended" /\ UNCHANGED vars

\* checkpoint() returns: the cgroup it took goes back to FROZEN.
End ==
    /\ phase \in {"written", "failed"}
    /\ phase' = "ended"
    /\ freezer' = IF freezer = "CHECKPOINTING" /\ error # "freezer" THEN "FROZEN" ELSE freezer
    /\ UNCHANGED <<world, cursor, objref, users, written, image, error>>

Next ==
    \/ Begin \/ BeginSelf \/ BeginBusy
    \/ Scan \/ \E t \in TreeTasks : ScanBusy(t)
    \/ \E t \in TreeTasks : Collect(t)
    \/ LeakCheckPasses \/ LeakCheckSkipped \/ \E o \in Objs : LeakFound(o)
    \/ \E t \in TreeTasks : DumpTask(t)
    \/ WriteTail \/ End
    \/ Returned

\* The call runs to its end: one thread of control, weakly fair.
Fairness == WF_vars(Next)
Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Properties. *)

Objrefs == SelectSeq(image, LAMBDA r : r.type = "objref")

\* objrefs are 1, 2, 3, ... in the order of their OBJREF records.
ObjrefsDenseInFirstEncounterOrder == \A i \in 1..Len(Objrefs) : Objrefs[i].ref = i

\* Every objref a record uses was fully defined (OBJREF and state) before it.
DefinedBeforeUse ==
    \A i \in 1..Len(image) : \A k \in 1..Len(image[i].uses) :
        \E j \in 1..(i - 1) : image[j].type = "state" /\ image[j].ref = image[i].uses[k]

\* An object's state follows its own OBJREF record.
StateFollowsItsObjref ==
    \A i \in 1..Len(image) : image[i].type = "state" =>
        \E j \in 1..(i - 1) : image[j].type = "objref" /\ image[j].who = image[i].who

\* Each object is written exactly once.
WrittenOnceAsStated ==
    \A i, j \in 1..Len(image) :
        (i < j /\ image[i].type \in {"objref", "state"} /\ image[j].type = image[i].type)
            => image[i].who # image[j].who

\* The same, without comparing every pair of records (the step oracle checks
\* it after every record the dump writes): no object twice among the OBJREF
\* records, nor among the state records.  The model checks that the two are
\* equal (WrittenOnceRestatedExactly).
WrittenOnce ==
    \A type \in {"objref", "state"} :
        LET r == SelectSeq(image, LAMBDA x : x.type = type)
        IN Cardinality({r[k].who : k \in 1..Len(r)}) = Len(r)

WrittenOnceRestatedExactly == WrittenOnce <=> WrittenOnceAsStated

\* A container checkpoint that gets past the leak check has no object held
\* from outside the tree (but the filesystem's hold on a regular inode).
ContainerIsClosed ==
    (phase \in {"dumping", "written", "ended"} /\ error = "none" /\ ~subtree)
        => \A o \in Collected : Checked(o) => outside[o] = 0

\* The leak check blames an object only if something outside holds it.
LeakVerdictIsExact == error = "leak" => outside[image[1].who] > 0

\* A call that fails before the dump has written nothing but the ERROR record.
EarlyFailureWritesOnlyError ==
    error \in {"freezer", "stranger", "leak"} => Len(image) = 1 /\ image[1].type = "error"

\* The image marks exactly the (checked) objects shared with the outside.
SharingIsRecorded ==
    \A i \in 1..Len(image) : image[i].type = "objref" =>
        (image[i].shared <=> Checked(image[i].who) /\ outside[image[i].who] > 0)

\* collect counts every reference inside the tree (users) and only those.
UsersCountTreeReferences ==
    phase = "dumping" => Collected = Reachable /\ \A o \in Collected : users[o] = InTreeRefs(o)

\* A successful image holds every task (TASK_OBJS in tree order), every object, and ends in TAIL.
ImageIsComplete ==
    (phase \in {"written", "ended"} /\ error = "none") =>
        /\ written = Reachable
        /\ SelectSeq(image, LAMBDA r : r.type = "task") = [i \in 1..Len(tree) |-> TaskRec(tree[i])]
        /\ image[Len(image)].type = "tail"

\* Nothing thaws the tree while the image is being written ...
FreezerHeldWhileWriting ==
    phase \in {"begun", "scanned", "dumping", "written"} => freezer \in {"CHECKPOINTING", "NONE"}

\* ... and the cgroup the call took is FROZEN again when it returns.
FreezerReleased ==
    (phase = "ended" /\ error # "freezer") => freezer # "CHECKPOINTING"

\* The call returns.
CheckpointEnds == <>(phase = "ended")
=============================================================================
