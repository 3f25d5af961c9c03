---------------------------- MODULE MCFlaglessWorld ----------------------------
(***************************************************************************)
(* The flagless world of CheckpointRestart alone, for TLC: every tree it   *)
(* builds is planned and restarted at once in every state.  Its state is   *)
(* the tree and the next pid only: Restart's variables, which the world    *)
(* never changes, are one string here, so that TLC neither copies nor      *)
(* fingerprints them in each of millions of states.  The steps and the     *)
(* invariants are CheckpointRestart's own (FlaglessWorldNext, the round    *)
(* trip), the steps MCCheckpointRestart.cfg checks against the world with  *)
(* flags.  Every bound says why it is safe.                                *)
(***************************************************************************)
EXTENDS Naturals

CONSTANTS Errnos, Fixes, MaxPid, ExitCodes

VARIABLES
    world,      \* as in CheckpointRestart
    nextPid,
    still       \* stands for Restart's variables and the mode: always "world"

\* Restart's variables are one that never changes (the world neither reads
\* nor changes them, and the round trip of a tree takes the tree as its
\* argument; the steps keep them UNCHANGED, which needs a variable); the
\* mode is the world's.
CR == INSTANCE CheckpointRestart WITH
        saved <- still, frozenFlag <- still, plan <- still, pc <- still, proc <- still, held <- still,
        stage <- still, cursor <- still, phase <- still, error <- still, illegal <- still,
        frozen <- still, imageObjs <- still, objs <- still, mode <- still

FlaglessWorldInit == world = CR!InitOnly /\ nextPid = 2 /\ still = "world"

FlaglessWorldSpec == FlaglessWorldInit /\ [][CR!FlaglessWorldNext]_<<world, nextPid, still>>

TypeOK == CR!WorldTypeOK /\ still = "world"

\* No task has a subreaper flag.
FlaglessWorld == CR!FlaglessWorld

\* Every tree it builds, under any subreaper flags, comes back equal.
RoundTripOfEveryFlaglessTree == CR!RoundTripOfEveryFlaglessTree

\* CI: 4 tasks forked below the init (pids 2 .. 5): every tree they build, at
\* every point.  Four tasks add to three the F5 trees (members of one dead
\* session adopted by the init and by a subreaper), adopters that are no
\* longer a subreaper or lie below one set since, and session leaders that
\* moved away from the task that adopted their member (R5): TLC found the
\* planner's last three gaps with four tasks (README).
MCMaxPidFour == 5

\* The long model: 5 tasks below the init.  The former limitation 3 (a
\* leader born in a dead leader's session through CLONE_PARENT) needs 5
\* tasks, and so do chains of three births before a setsid.  Hours on one
\* core (README).
MCMaxPidFive == 6

\* One exit status (not 0, so a lost status shows): which one does not
\* change any step.
MCExitCodes == {51}
=============================================================================
