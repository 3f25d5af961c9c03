--------------------- MODULE OracleConcurrentCheckpoint ---------------------
(***************************************************************************)
(* The binding of ConcurrentCheckpoint to the implementation's step        *)
(* oracle: the oracle loads this module once, in-process, and evaluates    *)
(* the named actions with the implementation's arguments on the abstract   *)
(* states the refinement mapping produces (one instance per checkpoint()   *)
(* call whose steps other calls come between).                             *)
(***************************************************************************)
EXTENDS ConcurrentCheckpoint

\* Tasks, fd tables and open files are integers in three disjoint intervals:
\* the spec tests a holder for membership in each (Outside, TypeOK), so an
\* fd table must be comparable with a pid and never equal to one.
\* Any global pid: pid_max is at most 32768 (PID_MAX_DEFAULT), and a task is
\* in the tree or outside it by the state, not by its pid.
OracleTasks == 1..32768
\* The kernel numbers fd tables and files from one counter of object ids; the
\* mapping names table id as TableBase + id and file id as FileBase + id.  A
\* kernel run makes fewer than 100000 objects (a workload's trace is at most
\* a few hundred steps, each making a handful), and the mapping refuses an id
\* past that, so the intervals never meet.
TableBase == 100000
FileBase == 200000
OracleTables == (TableBase + 1)..(TableBase + 99999)
OracleFiles == (FileBase + 1)..(FileBase + 99999)
\* The oracle never enumerates these sets: the actions and TypeOK only test
\* membership (the ASSUME's intersections enumerate them once, at load).
=============================================================================
