------------------------- MODULE CollectPostOrder -------------------------
(***************************************************************************)
(* Bug: collect inserts an object into the objhash after its references   *)
(* (post-order) while the dump writes OBJREF records pre-order, so the    *)
(* objrefs collect assigned appear out of order in the image (a file's    *)
(* OBJREF says 2, its inode's says 1) and a streaming restart that        *)
(* expects the next objref rejects the image.  Must violate               *)
(* ObjrefsDenseInFirstEncounterOrder.                                     *)
(***************************************************************************)
EXTENDS MCSharedObjects

RECURSIVE PostCollectObj(_, _), PostCollectAll(_, _)
PostCollectObj(o, st) ==
    IF st.objref[o] # 0
    THEN [st EXCEPT !.users[o] = @ + 1]
    ELSE LET st1 == PostCollectAll(refsOf[o], st)
         IN [st1 EXCEPT !.objref[o] = Cardinality({p \in Objs : st1.objref[p] # 0}) + 1,
                        !.users[o] = 1]
PostCollectAll(s, st) == IF s = <<>> THEN st ELSE PostCollectAll(Tail(s), PostCollectObj(Head(s), st))

BuggyCollect(t) ==
    /\ phase = "scanned" /\ cursor <= Len(tree) /\ t = tree[cursor]
    /\ LET st == PostCollectAll(slots[t], [objref |-> objref, users |-> users])
       IN objref' = st.objref /\ users' = st.users
    /\ cursor' = cursor + 1
    /\ UNCHANGED <<world, freezer, phase, written, image, error>>

BugNext == Next \/ \E t \in TreeTasks : BuggyCollect(t)
BugSpec == Init /\ [][BugNext]_vars
=============================================================================
