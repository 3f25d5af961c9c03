------------------------------ MODULE MCFreeze ------------------------------
(***************************************************************************)
(* Model of Freeze for TLC: the finite bounds live here, each with a       *)
(* comment saying why it does not hide a behaviour that matters.           *)
(***************************************************************************)
EXTENDS Freeze

\* Three task identities (pids).  Every property of Freeze is about one task
\* at a time (its state) or about all tasks at once (AllFrozen); three tasks
\* already give a freezing cgroup with one frozen, one running and one
\* sleeping or dead task at the same time, and a fork while FREEZING next
\* to a task that is still running.  MCFreezeLarge.cfg uses five.
MCTasks == 1..3
MCTasksLarge == 1..5

=============================================================================
