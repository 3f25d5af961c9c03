------------------------ MODULE SharedWrittenTwice ------------------------
(***************************************************************************)
(* Bug: the dump decides "first occurrence" per task (a visited set that  *)
(* is reset for each task) instead of by the objhash's CHECKPOINTED flag, *)
(* so an fd table or file shared by two tasks is written twice and        *)
(* restart creates two objects where there was one.  Must violate         *)
(* WrittenOnce.                                                           *)
(***************************************************************************)
EXTENDS MCSharedObjects

BuggyDumpTask(t) ==
    /\ phase = "dumping" /\ cursor <= Len(tree) /\ t = tree[cursor]
    /\ LET st == DumpAll(slots[t], [written |-> {}, image |-> image])
       IN /\ written' = written \cup st.written
          /\ image' = Append(st.image, TaskRec(t))
    /\ cursor' = cursor + 1
    /\ UNCHANGED <<world, freezer, phase, objref, users, error>>

BugNext == Next \/ \E t \in TreeTasks : BuggyDumpTask(t)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
