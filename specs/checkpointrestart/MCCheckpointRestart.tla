------------------------ MODULE MCCheckpointRestart -------------------------
(***************************************************************************)
(* Model of CheckpointRestart for TLC; every bound says why it is safe.    *)
(***************************************************************************)
EXTENDS CheckpointRestart

\* CI: the world forks at most 2 tasks below the init (pids 2, 3): every
\* tree they build, at every point, is checkpointed and restarted.  Two
\* tasks build: dead session and group leaders (ghosts), a child born before
\* the init's setsid (R2) and a CLONE_PARENT sibling of a session leader
\* whose parent is an init that called setsid (F1), CLONE_PARENT siblings in
\* a sibling leader's session (R3), orphans of the init (R4), zombie leaders
\* with live members, a group leader that moved while its group lives on,
\* and the init and a child that swapped groups (F4).  Every bug variant
\* with this bound is found with them.
MCMaxPid == 3

\* The long model: 3 tasks below the init (about 6 minutes on 2 cores).
\* Three tasks add: orphans of a subreaper (R4), a leader forked by its
\* sibling session leader with CLONE_PARENT that had a child before its own
\* setsid (F2), a task that became a subreaper after an orphan passed it on
\* its way to the init (F3), chains of two births before a setsid.
MCMaxPidLarge == 4

\* Four tasks below the init (F5: members of one dead session adopted by
\* the init and by a subreaper).  TLC finds, in about a minute, a tree the
\* planner refuses (README: limitation 1); the whole model takes hours.
MCMaxPidHuge == 5

\* One exit status (not 0, so a lost status shows): which one does not
\* change any step.
MCExitCodes == {51}
=============================================================================
