---------------------------- MODULE OracleFreeze ----------------------------
(***************************************************************************)
(* The binding of Freeze to the implementation's step oracle (like etcd    *)
(* raft's trace spec): the oracle loads this module once, in-process, and  *)
(* evaluates the named actions of Freeze with the implementation's own     *)
(* arguments on the abstract states the refinement mapping produces.       *)
(***************************************************************************)
EXTENDS Freeze

\* Any pid the simulated kernel can hand out (its pid_max is at most 32768).
\* The oracle never enumerates Tasks: it evaluates named actions with given
\* arguments, which only test membership (TypeOK, Fork's and Attach's child).
OracleTasks == 1..32768
=============================================================================
