---------------------------- MODULE OracleEclone ----------------------------
(***************************************************************************)
(* The binding of Eclone to the step oracle: constants as large as the     *)
(* simulated kernel's.  Never model-checked: the oracle only evaluates      *)
(* named actions with the implementation's arguments, which test           *)
(* membership in these sets and never enumerate them.                      *)
(***************************************************************************)
EXTENDS Eclone

\* Tasks are identified by their global pid (the kernel's pid_max is 32768).
OracleTaskIds == 1..32767
\* The kernel numbers namespaces from 0 (the root) upwards.
OracleNsIds == 0..1000000
\* Any pid array (only Next, which the oracle never evaluates, enumerates it).
OracleRequests == {}
=============================================================================
