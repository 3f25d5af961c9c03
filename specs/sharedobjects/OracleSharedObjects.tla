------------------------- MODULE OracleSharedObjects -------------------------
(***************************************************************************)
(* The binding of SharedObjects to the implementation's step oracle: the   *)
(* oracle loads this module once, in-process, and evaluates the named      *)
(* actions with the implementation's arguments on the abstract states the  *)
(* refinement mapping produces (one instance per checkpoint() call).       *)
(***************************************************************************)
EXTENDS SharedObjects

\* Any global pid (pid_max is at most 32768) and any kernel object id.  The
\* oracle never enumerates these sets: Init and TypeOK only test membership.
OracleTasks == 1..32768
OracleObjects == {n \in Nat : n > 0}
=============================================================================
