------------------------ MODULE MCCheckpointRestart -------------------------
(***************************************************************************)
(* Model of CheckpointRestart for TLC; every bound says why it is safe.    *)
(* Two specs: WorldSpec, the world alone with the round trip of every tree *)
(* it builds computed at once (RunRestart) in every state, and CRSpec, the *)
(* world with the tree checkpointed and restarted by Restart's actions one *)
(* step at a time.  A bound is the number of tasks the world forks below   *)
(* the init (pids 2 .. MaxPid, never reused): every tree those forks can   *)
(* build, at every point, is restarted.                                    *)
(***************************************************************************)
EXTENDS CheckpointRestart

\* CI, WorldSpec: at most 3 tasks forked below the init (pids 2, 3, 4):
\* every tree they build, at every point, is planned, restarted at once and
\* compared.  Three tasks build every tree of two (dead session and group
\* leaders, that is ghosts; a child born before the init's setsid (R2) and a
\* CLONE_PARENT sibling of a session leader whose parent is an init that
\* called setsid (F1); CLONE_PARENT siblings in a sibling leader's session
\* (R3); orphans of the init (R4); zombie leaders with live members; a
\* group leader that moved while its group lives on; the init and a child
\* that swapped groups (F4)) and add: orphans of a subreaper (R4), a leader
\* forked by its sibling session leader with CLONE_PARENT that had a child
\* before its own setsid (F2), a task that became a subreaper after an
\* orphan passed it on its way to the init (F3), chains of two births before
\* a setsid.  The restart itself is Restart's: its figures do not depend on
\* how the tree was built, and CRSpec runs it step by step below.
MCMaxPid == 4

\* CI, CRSpec: at most 2 tasks forked below the init, each tree restarted
\* step by step (10 to 30 states per tree).  What this adds to WorldSpec is
\* Restart's coordinated-restore invariants (one active task, ghosts outlive
\* the restore, nobody resumes early, every order of the temporaries' exits)
\* and RunRestartMatchesSteps on trees the world builds; these depend on the
\* restore's phases, which two tasks reach with every kind of entity (task,
\* zombie, ghost session and group leader, placeholder, keeper), not on the
\* tree's size (Restart's own models vary the trees, faults and
\* RESTART_FROZEN).  Every bug variant of the restore is found with it.
MCMaxPidSteps == 3

\* The world of 4 tasks with flags, WorldSpec: the reduction's check at 4
\* tasks, as far as a run gets (FlaglessWorldHasEveryTree).  Four tasks add the
\* F5 trees (members of one dead session adopted by the init and by a
\* subreaper), subreaper flags set and cleared around an orphan's adoption,
\* and session leaders that moved away from the task that adopted their
\* member (R5); TLC found three planner gaps in it, all fixed (README).
\* More than 12 million world states: over an hour on 2 cores.
MCMaxPidLarge == 5

\* One exit status (not 0, so a lost status shows): which one does not
\* change any step.
MCExitCodes == {51}

-----------------------------------------------------------------------------
(* The flagless world is a sound reduction of the world: every step of the *)
(* world, its flags forgotten, is a step of the flagless world or leaves    *)
(* the tree as it was (a prctl).  MCCheckpointRestart.cfg checks it on      *)
(* every step of the 3-task world; the converse holds by construction (a    *)
(* flagless exit is three steps of the world: README).  MCFlaglessWorld    *)
(* restarts the flagless world's trees.                                    *)

Flagless == INSTANCE CheckpointRestart WITH world <- Strip(world)

\* Every tree the world builds, its flags cleared, the flagless world builds
\* too, by the same steps (both start from the init alone, CRInit).
FlaglessWorldHasEveryTree == [][Flagless!FlaglessWorldNext]_(Flagless!allVars)
=============================================================================
