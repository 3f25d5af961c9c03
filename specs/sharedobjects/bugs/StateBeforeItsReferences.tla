--------------------- MODULE StateBeforeItsReferences ---------------------
(***************************************************************************)
(* Bug: checkpoint_obj writes an object's state record (a FILE with its   *)
(* inode's objref, a FILE_TABLE with its files' objrefs) before it        *)
(* checkpoints the objects that record refers to, so restart meets an     *)
(* objref it cannot fetch yet.  Must violate DefinedBeforeUse.            *)
(***************************************************************************)
EXTENDS MCSharedObjects

RECURSIVE PreDumpObj(_, _), PreDumpAll(_, _)
PreDumpObj(o, st) ==
    IF o \in st.written
    THEN st
    ELSE PreDumpAll(refsOf[o], [written |-> st.written \cup {o},
                                image |-> st.image \o <<ObjrefRec(o), StateRec(o)>>])
PreDumpAll(s, st) == IF s = <<>> THEN st ELSE PreDumpAll(Tail(s), PreDumpObj(Head(s), st))

BuggyDumpTask(t) ==
    /\ phase = "dumping" /\ cursor <= Len(tree) /\ t = tree[cursor]
    /\ LET st == PreDumpAll(slots[t], [written |-> written, image |-> image])
       IN /\ written' = st.written
          /\ image' = Append(st.image, TaskRec(t))
    /\ cursor' = cursor + 1
    /\ UNCHANGED <<world, freezer, phase, objref, users, error>>

BugNext == Next \/ \E t \in TreeTasks : BuggyDumpTask(t)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
