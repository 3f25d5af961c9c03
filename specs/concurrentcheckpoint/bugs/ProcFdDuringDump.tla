-------------------------- MODULE ProcFdDuringDump --------------------------
(***************************************************************************)
(* linux-cr as written: nothing stops an outside task from opening         *)
(* /proc/PID/fd/N of a task the checkpoint holds (proc_fd_link:            *)
(* get_files_struct, then fget). After the leak check passed, the outside  *)
(* task takes a reference to a file of the container; the dump meets the   *)
(* file where collect met it, every check passes, and the image of a       *)
(* container holds a file shared with the outside. Must violate            *)
(* ImageIsContained; the spec refuses the open while the task's cgroup is  *)
(* CHECKPOINTING.                                                          *)
(***************************************************************************)
EXTENDS MCConcurrentCheckpoint

AnyProcFdAllowed(t) == TRUE
BugSpec == Spec
=============================================================================
