-------------------------- MODULE MCSharedObjects --------------------------
(***************************************************************************)
(* Model of SharedObjects for TLC: a finite choice of worlds.  Every bound *)
(* says why it is safe.                                                    *)
(***************************************************************************)
EXTENDS SharedObjects

\* Objects by kind (7, a regular inode, is always held by the filesystem's
\* path table: a reference from outside that the leak check must not count).
\* Two fd tables (shared by the two tasks, or one each);
\* two files that can both sit in one table (a shared file is then met
\* twice in one task) and both point at one pipe inode (the two ends of a
\* pipe: an inode shared by two files); one mm that may map a file (a
\* reference from a second kind of holder).  fs and sighand are leaves held
\* once per task, which the fd table and mm already exercise; the large
\* model adds them.
MCKind == [o \in 1..7 |-> CASE o \in {1, 2} -> "fdtable"
                           [] o \in {3, 4} -> "file"
                           [] o = 5 -> "pipe"
                           [] o = 6 -> "mm"
                           [] o = 7 -> "regular"]

\* Sequences over S of length at most n.
SeqsUpTo(S, n) == UNION {[1..k -> S] : k \in 0..n}

\* Two tasks: the root (alive) and a child that is alive or a zombie (a
\* zombie holds nothing).  Two tasks suffice for every sharing pattern
\* between tasks; three add nothing but longer walks (the large model).
MCSlots == {s \in [{1, 2} -> {<<>>, <<1, 6>>, <<2, 6>>}] : s[1] # <<>>}

\* Table 1 holds up to two fds over files 3 and 4 (the same file twice is a
\* dup); table 2 holds nothing or file 4 (a file shared by two tables).
\* File 3 is a pipe end; file 4 the other end or an open regular file.
MCRefs == {<<t1, t2, <<5>>, f4, <<>>, m, <<>>>> :
              t1 \in SeqsUpTo({3, 4}, 2), t2 \in {<<>>, <<4>>}, f4 \in {<<5>>, <<7>>}, m \in {<<>>, <<3>>}}

\* At most one object held from outside: each leak is found on its own,
\* and two leaks only add a choice of which to name first (large model).
MCOutside == {[o \in 1..7 |-> IF o = x \/ o = 7 THEN 1 ELSE 0] : x \in 0..6}

\* The context may hold file 3 (a self checkpoint whose image file is in
\* the tree: the reference ckpt_obj_contained discounts).
MCCtxRefs == {[o \in 1..7 |-> IF o = 3 THEN c ELSE 0] : c \in 0..1}

\* The freezer gate and the scan: FROZEN with every task held, FROZEN with
\* the child in another cgroup, THAWED (Begin's EBUSY).  The large model
\* adds FREEZING, CHECKPOINTING (a second checkpoint) and NONE (self).
MCGates == {<<"FROZEN", {}>>, <<"FROZEN", {2}>>, <<"THAWED", {}>>}

MCWorldInit ==
    /\ tree = <<1, 2>>
    /\ kind = MCKind
    /\ slots \in MCSlots
    /\ refsOf \in MCRefs
    /\ outside \in MCOutside
    /\ ctxRefs \in MCCtxRefs
    /\ subtree \in BOOLEAN
    /\ \E g \in MCGates : freezer = g[1] /\ strangers = g[2]

\* The quick model (./cr check's default tier): the CI worlds with fewer
\* fd tables and outside holders.  Table 1 holds nothing, file 3, files 3
\* and 4, or file 3 twice (a dup): the lengths and the sharing inside one
\* table of the CI model, without the other orders of the same files.  The
\* outside holder is none, a fd table, a file or the pipe inode: a leak of
\* each kind of holder that is found through another (a table through its
\* task, a file through a table, an inode through a file); the mm and the
\* second file are such holders again.  Every slot, file, mm, context
\* reference, flag and gate of the CI model.
MCQuickRefs == {<<t1, t2, <<5>>, f4, <<>>, m, <<>>>> :
                   t1 \in {<<>>, <<3>>, <<3, 4>>, <<3, 3>>}, t2 \in {<<>>, <<4>>}, f4 \in {<<5>>, <<7>>},
                   m \in {<<>>, <<3>>}}
MCQuickOutside == {[o \in 1..7 |-> IF o = x \/ o = 7 THEN 1 ELSE 0] : x \in {0, 1, 3, 5}}
MCWorldInitQuick ==
    /\ tree = <<1, 2>>
    /\ kind = MCKind
    /\ slots \in MCSlots
    /\ refsOf \in MCQuickRefs
    /\ outside \in MCQuickOutside
    /\ ctxRefs \in MCCtxRefs
    /\ subtree \in BOOLEAN
    /\ \E g \in MCGates : freezer = g[1] /\ strangers = g[2]

\* The liveness model: TLC's liveness check over the 14,112 worlds above
\* takes minutes, and termination does not depend on the sharing pattern
\* (every walk is over a finite acyclic graph), only on which branch the
\* call takes; so CheckpointEnds is checked on one sharing pattern with
\* every branch: each outside holder (leak or not), both flags, every gate.
MCWorldInitLiveness ==
    /\ tree = <<1, 2>>
    /\ kind = MCKind
    /\ slots = [t \in {1, 2} |-> <<t, 6>>]
    /\ refsOf = <<<<3, 4>>, <<4>>, <<5>>, <<5>>, <<>>, <<3>>, <<>>>>
    /\ outside \in MCOutside
    /\ ctxRefs \in MCCtxRefs
    /\ subtree \in BOOLEAN
    /\ \E g \in MCGates : freezer = g[1] /\ strangers = g[2]

----------------------------------------------------------------------------
(* The large model: three tasks, fs and sighand, two outside holders. *)

LKind == [o \in 1..9 |-> CASE o \in {1, 2} -> "fdtable"
                          [] o \in {3, 4} -> "file"
                          [] o = 5 -> "pipe"
                          [] o = 6 -> "mm"
                          [] o = 7 -> "fs"
                          [] o = 8 -> "sighand"
                          [] o = 9 -> "regular"]

LSlots == {s \in [{1, 2, 3} -> {<<>>, <<1, 6, 7, 8>>, <<2, 6, 7, 8>>, <<2, 6, 7>>}] : s[1] # <<>>}
LRefs == {<<t1, t2, <<5>>, f4, <<>>, m, <<>>, <<>>, <<>>>> :
              t1 \in SeqsUpTo({3, 4}, 2), t2 \in SeqsUpTo({3, 4}, 1), f4 \in {<<5>>, <<9>>},
              m \in {<<>>, <<3>>, <<4>>}}
LOutside == {[o \in 1..9 |-> IF o \in X \/ o = 9 THEN 1 ELSE 0] : X \in {X \in SUBSET (1..8) : Cardinality(X) <= 2}}
LGates == {<<"FROZEN", {}>>, <<"FROZEN", {3}>>, <<"THAWED", {}>>, <<"FREEZING", {}>>,
           <<"CHECKPOINTING", {}>>, <<"NONE", {}>>}

MCWorldInitLarge ==
    /\ tree = <<1, 2, 3>>
    /\ kind = LKind
    /\ slots \in LSlots
    /\ refsOf \in LRefs
    /\ outside \in LOutside
    /\ ctxRefs \in {[o \in 1..9 |-> IF o = 3 THEN c ELSE 0] : c \in 0..1}
    /\ subtree \in BOOLEAN
    /\ \E g \in LGates : freezer = g[1] /\ strangers = g[2]
=============================================================================
