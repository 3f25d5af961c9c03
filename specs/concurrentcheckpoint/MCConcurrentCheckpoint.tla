----------------------- MODULE MCConcurrentCheckpoint -----------------------
(***************************************************************************)
(* Model of ConcurrentCheckpoint for TLC: a finite choice of worlds.       *)
(* A holder outside a world's domain does not exist yet (a fork's child,  *)
(* a table a fork makes).                                                  *)
(* Every bound says why it is safe.                                        *)
(***************************************************************************)
EXTENDS ConcurrentCheckpoint, TLC

\* Two tree tasks: the root 1 and task 2, a child that is in the tree or not
\* yet (a running tree task may fork it).  Two holders of tables inside the
\* tree are what a file reached by two paths needs (one path can be lost
\* while the other keeps the file in the image); a third adds only longer
\* walks.
MCTreeTasks == {1, 2}
\* The root's parent, outside the tree (host).
Host == 0
TreeOf1 == (1 :> Host)
TreeOf2 == (1 :> Host) @@ (2 :> 1)
\* Two outside tasks: one that may hold something of the tree from the
\* start, and a free slot for the child of a fork across the boundary
\* (ShareFiles).  Each outside task may hold several objects at once, so a
\* third adds nothing a second cannot do.
MCOutsiders == {5, 6}
\* Two fd tables (one per tree task, or one shared by both) and two files:
\* 21, open in the tree at the start, and 22, which nobody holds (the file
\* an open during the call creates).  One file in the tree is enough: every
\* race is about one object's holders.
MCTables == {11, 12}
MCFiles == {21, 22}
\* The large model's third table, 13, exists at no start: the table a fork
\* without CLONE_FILES makes (CopyFiles, TreeForkCopy).  One is enough: a
\* second copy is a second fork of the same kind.
MCTablesLarge == {11, 12, 13}

\* The large model (full tier): every start of the call over these tasks,
\* tables and files that matters: the tree of the root alone (task 2 can be
\* forked into it) or of both, a stranger in another cgroup or none, the
\* cgroup FROZEN or THAWED, and anything of the tree held by outside task 5
\* (task 6 does not exist yet: the child of a fork across the boundary).
MCWorldInitLarge ==
    /\ parent \in {TreeOf1, TreeOf2}
    \* every tree task in the cgroup, or task 2 in another one (a stranger)
    /\ incg \in {members, {1}}
    \* FROZEN (the normal start) or THAWED (Begin's EBUSY, or a freeze
    \* written by the world before the call's gate)
    /\ freezer \in {"FROZEN", "THAWED"}
    /\ \E t2 \in {{11}, {12}}, f11 \in {{}, {21}}, f12 \in {{}, {21}}, o5 \in {{}, {11}, {12}, {21}} :
          holds = [h \in {1, 5, 11, 12} \cup members |->
                     CASE h = 1 -> {11}
                       [] h = 2 -> t2
                       [] h = 5 -> o5
                       [] h = 11 -> f11
                       [] h = 12 -> f12]

\* The quick model (./cr check): both tree tasks in the tree, frozen in
\* the cgroup, and one outside task, 5, that holds nothing, table 11 or
\* file 21 at the start.  The gate's and the scan's refusals and a fork
\* across the boundary (the large model's second outside task) are single
\* steps that no race of the quick model needs: the outside reaches the
\* tree through a shared table, a file of its own or /proc, and the tree's
\* file is in one of its tables or in both.
MCOutsidersQuick == {5}
MCWorldInit ==
    /\ parent = TreeOf2
    /\ incg = members
    /\ freezer = "FROZEN"
    /\ \E t2 \in {{11}, {12}}, f11 \in {{}, {21}}, f12 \in {{}, {21}}, o5 \in {{}, {11}, {21}} :
          holds = [h \in {1, 2, 5, 11, 12} |->
                     CASE h = 1 -> {11}
                       [] h = 2 -> t2
                       [] h = 5 -> o5
                       [] h = 11 -> f11
                       [] h = 12 -> f12]

\* The world of the bug variants: one start from which every race of the
\* quick model can be played (the variants need a counterexample, not every
\* world).  Outside task 5 shares the root's fd table 11 (CLONE_FILES across
\* the boundary), task 2 has its own table 12, and file 21 is in both
\* tables: a reference from outside (the table), a file reached by two
\* paths, and a free file 22 the outside can open.
MCWorldInitRace ==
    /\ parent = TreeOf2 /\ incg = {1, 2} /\ freezer = "FROZEN"
    /\ holds = [h \in {1, 2, 5, 11, 12} |->
                 CASE h = 1 -> {11} [] h = 2 -> {12} [] h = 5 -> {11}
                   [] h = 11 -> {21} [] h = 12 -> {21}]

\* The world of the tree-change races: the root alone in the tree, frozen,
\* holding its table; task 2 is the child a running root could fork.
MCWorldInitMove ==
    /\ parent = TreeOf1 /\ incg = {1} /\ freezer = "FROZEN"
    /\ holds = [h \in {1, 5, 11, 12} |-> IF h = 1 THEN {11} ELSE {}]
=============================================================================
