--------------------- MODULE OracleConcurrentCheckpoint ---------------------
(***************************************************************************)
(* The binding of ConcurrentCheckpoint to the implementation's step        *)
(* oracle: the oracle loads this module once, in-process, and evaluates    *)
(* the named actions with the implementation's arguments on the abstract   *)
(* states the refinement mapping produces (one instance per checkpoint()   *)
(* call whose steps other calls come between).                             *)
(***************************************************************************)
EXTENDS ConcurrentCheckpoint

\* Any global pid: pid_max is at most 32768 (PID_MAX_DEFAULT), and a task is
\* in the tree or outside it by the state, not by its pid.  The oracle never
\* enumerates these sets: the actions and TypeOK only test membership.
OracleTasks == 1..32768
\* Any kernel object id, tagged with its kind: fd tables and open files share
\* the kernel's id space, and the spec tells them apart by these sets.
OracleTables == {"fdtable"} \X (Nat \ {0})
OracleFiles == {"file"} \X (Nat \ {0})
=============================================================================
