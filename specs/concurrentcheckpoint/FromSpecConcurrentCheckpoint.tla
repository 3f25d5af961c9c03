------------------- MODULE FromSpecConcurrentCheckpoint -------------------
(***************************************************************************)
(* The generating model of ./cr conform --from-spec concurrentcheckpoint:  *)
(* each action of ConcurrentCheckpoint as Next takes it, so that TLC can   *)
(* compute a step's successor states from its name and arguments: a step   *)
(* of the call with the history (Ghost), a step of the world with the call *)
(* as it is, while the call is in progress.  An action alone leaves those  *)
(* variables free (Next conjoins them), and TLC computes no successor of   *)
(* an action that does not determine every variable.  Under the kernel's  *)
(* constants, as the step oracle's module: the states are the kernel's,   *)
(* identities mapped by the binding.                                       *)
(***************************************************************************)
EXTENDS OracleConcurrentCheckpoint

\* The call's steps (CallNext).
GenBegin == Begin /\ Ghost
GenBeginBusy == BeginBusy /\ Ghost
GenScan1 == Scan1 /\ Ghost
GenScanBusy(t) == ScanBusy(t) /\ Ghost
GenScan2 == Scan2 /\ Ghost
GenScanChanged == ScanChanged /\ Ghost
GenCollect(t) == Collect(t) /\ Ghost
GenLeakCheckPasses == LeakCheckPasses /\ Ghost
GenLeakFound(o) == LeakFound(o) /\ Ghost
GenDumpTask(t) == DumpTask(t) /\ Ghost
GenReverseLeak(t, o) == ReverseLeak(t, o) /\ Ghost
GenVisitCheck == VisitCheck /\ Ghost
GenNotVisited(o) == NotVisited(o) /\ Ghost
GenWriteTail == WriteTail /\ Ghost
GenEnd == End /\ Ghost

\* The world's steps (EnvNext).
GenProcOpen(p, h, t, x) == phase # "ended" /\ ProcOpen(p, h, t, x) /\ UNCHANGED call /\ Ghost
GenGrab(p, f, x) == phase # "ended" /\ Grab(p, f, x) /\ UNCHANGED call /\ Ghost
GenInstall(p, f, x) == phase # "ended" /\ Install(p, f, x) /\ UNCHANGED call /\ Ghost
GenCloseIn(p, f, x) == phase # "ended" /\ CloseIn(p, f, x) /\ UNCHANGED call /\ Ghost
GenDrop(p, o) == phase # "ended" /\ Drop(p, o) /\ UNCHANGED call /\ Ghost
GenExit(p) == phase # "ended" /\ Exit(p) /\ UNCHANGED call /\ Ghost
GenShareFiles(p, q, f) == phase # "ended" /\ ShareFiles(p, q, f) /\ UNCHANGED call /\ Ghost
GenCopyFiles(p, q, f, g) == phase # "ended" /\ CopyFiles(p, q, f, g) /\ UNCHANGED call /\ Ghost
GenTreeFork(t, c) == phase # "ended" /\ TreeFork(t, c) /\ UNCHANGED call /\ Ghost
GenTreeForkCopy(t, c, f, g) == phase # "ended" /\ TreeForkCopy(t, c, f, g) /\ UNCHANGED call /\ Ghost
GenLeave(S) == phase # "ended" /\ Leave(S) /\ UNCHANGED call /\ Ghost
GenJoin(S) == phase # "ended" /\ Join(S) /\ UNCHANGED call /\ Ghost
GenThaw == phase # "ended" /\ Thaw /\ UNCHANGED call /\ Ghost
GenFreeze == phase # "ended" /\ Freeze /\ UNCHANGED call /\ Ghost
=============================================================================
