------------------------- MODULE CheckpointRestart --------------------------
(***************************************************************************)
(* The round trip: a world builds a process tree inside a                  *)
(* container with Linux's own operations, starting from the container's    *)
(* init alone: fork (with or without CLONE_PARENT), setsid, setpgid (of    *)
(* itself or of a child, a zombie child included), exit (children to the   *)
(* nearest live subreaper, else the init), wait, PR_SET_CHILD_SUBREAPER.   *)
(* At any point the tree may be frozen and checkpointed: the saved tree is *)
(* a snapshot of it (sids and pgids inherited from above the init are 0).  *)
(* Then it is restarted into a fresh pid namespace by the planner and the  *)
(* executor of Restart (this module EXTENDS it: same variables, same       *)
(* actions).  The theorem TLC checks: the planner accepts every tree the   *)
(* world can build, every step it plans is legal, the restart succeeds,    *)
(* and the restored tree is the saved one.                                 *)
(*                                                                         *)
(* Three specs check it.  CRSpec checkpoints the tree and restarts it     *)
(* with Restart's actions, one step at a time (10 to 30 states per tree,   *)
(* with Restart's coordinated-restore invariants in each).  WorldSpec is   *)
(* the world alone and restarts the tree as it stands in every state at    *)
(* once, with RunRestart (the same kernel operators folded over the plan), *)
(* in its invariants: no state per restart step, so bigger trees fit.      *)
(* FlaglessWorldSpec does the same for the flagless world, which has the   *)
(* world's trees without their subreaper flags (one tree where the world   *)
(* has one per assignment of flags), so bigger trees fit again.            *)
(*                                                                         *)
(* No fault is injected and RESTART_FROZEN is off here: failures, freezing *)
(* and the all-or-nothing cleanup are Restart's own model's business; this *)
(* one is about which trees come back equal.                               *)
(*                                                                         *)
(* Restart.tla is a symbolic link to ../restart/Restart.tla: the model's   *)
(* folder is the only library TLC is given.                                *)
(***************************************************************************)
EXTENDS Restart

CONSTANTS
    MaxPid,     \* the world forks pids 2 .. MaxPid (the init is pid 1)
    ExitCodes   \* the statuses a task may exit with

VARIABLES
    world,      \* the container's tree: [pid -> SavedTask] (the snapshot has the same shape)
    nextPid,    \* the pid the next fork gets (pids are never reused: no wrap in this model)
    mode        \* "world" (building), "restart" (the tree was checkpointed and is restarting)

allVars == <<vars, world, nextPid, mode>>

\* The container's init alone: pid 1, in the restarter's session and group.
InitOnly == [t \in {Root} |-> [ppid |-> Outside, sid |-> Outside, pgid |-> Outside,
                               zombie |-> FALSE, code |-> 0, sub |-> FALSE]]

WAlive(t) == t \in DOMAIN world /\ ~world[t].zombie

\* find_new_reaper in tree w: from a up, the nearest live subreaper, else the init.
RECURSIVE WReaperIn(_, _)
WReaperIn(w, a) ==
    IF a = Root THEN Root
    ELSE IF w[a].sub /\ ~w[a].zombie THEN a
    ELSE WReaperIn(w, w[a].ppid)

\* Task a is r or lies below it in the world.
RECURSIVE WBelow(_, _)
WBelow(a, r) == a = r \/ (a # Root /\ WBelow(world[a].ppid, r))

\* Tree w after exit() of t: t a zombie with its status, its children handed
\* to the reaper find_new_reaper picks from t's parent up.
ExitedWorld(w, t, code) ==
    [u \in DOMAIN w |->
        IF u = t THEN [w[t] EXCEPT !.zombie = TRUE, !.code = code]
        ELSE IF w[u].ppid = t THEN [w[u] EXCEPT !.ppid = WReaperIn(w, w[t].ppid)]
        ELSE w[u]]

\* Tree w with every subreaper flag cleared.
Strip(w) == [t \in DOMAIN w |-> [w[t] EXCEPT !.sub = FALSE]]

\* Tree w with task r a subreaper (the init is a reaper without a flag).
WithSubreaper(w, r) == IF r = Root THEN w ELSE [w EXCEPT ![r].sub = TRUE]

\* Tree w with every task's subreaper flag set (the zombies' too).
WithAllFlags(w) == [t \in DOMAIN w |-> [w[t] EXCEPT !.sub = TRUE]]

\* Tree w with exactly the tasks of f subreapers.
WithFlags(w, f) == [t \in DOMAIN w |-> [w[t] EXCEPT !.sub = (t \in f)]]

WorldTypeOK ==
    /\ world \in [DOMAIN world -> SavedTask] /\ Root \in DOMAIN world
    /\ DOMAIN world \subseteq 1..MaxPid
    /\ nextPid \in 2..(MaxPid + 1)

CRTypeOK ==
    /\ TypeOK
    /\ WorldTypeOK
    /\ mode \in {"world", "restart"}

CRInit ==
    /\ world = InitOnly
    /\ nextPid = 2
    /\ mode = "world"
    /\ saved = InitOnly
    /\ imageObjs = EmptyFn   \* the world's tasks hold no objects: this spec is about the tree
    /\ InitFrom(InitOnly, FALSE)

-----------------------------------------------------------------------------
(* The world. *)

WorldStep(w) ==
    /\ mode = "world"
    /\ world' = w
    /\ UNCHANGED <<vars, mode>>

\* fork(), or clone(CLONE_PARENT) (EINVAL from the init: not a step).
Fork(c, cp) ==
    /\ WAlive(c) /\ nextPid <= MaxPid
    /\ cp => c # Root
    /\ WorldStep(world @@ (nextPid :> [ppid |-> IF cp THEN world[c].ppid ELSE c,
                                       sid |-> world[c].sid, pgid |-> world[c].pgid,
                                       zombie |-> FALSE, code |-> 0, sub |-> FALSE]))
    /\ nextPid' = nextPid + 1

\* exit(): t becomes a zombie; its children go to its reaper.  The init never exits.
Exit(t, code) ==
    /\ WAlive(t) /\ t # Root
    /\ WorldStep(ExitedWorld(world, t, code))
    /\ UNCHANGED nextPid

\* wait(): the parent reaps its zombie child (its pid stays held while a
\* session or group uses it; pids are never reused here anyway).
Wait(w, k) ==
    /\ WAlive(w) /\ k \in DOMAIN world /\ world[k].zombie /\ world[k].ppid = w
    /\ WorldStep([u \in DOMAIN world \ {k} |-> world[u]])
    /\ UNCHANGED nextPid

\* setsid(): EPERM (no step) if a group t exists.
SetSid(t) ==
    /\ WAlive(t) /\ ~\E u \in DOMAIN world : world[u].pgid = t
    /\ WorldStep([world EXCEPT ![t].sid = t, ![t].pgid = t])
    /\ UNCHANGED nextPid

\* setpgid(t, g) by c: t is c or a child of c in c's session (alive or a
\* zombie), not a session leader; g is t's own pid or a group of c's session
\* (the restarter's group, outside the namespace, is not visible).
SetPgid(c, t, g) ==
    /\ WAlive(c) /\ t \in DOMAIN world
    /\ t = c \/ (world[t].ppid = c /\ world[t].sid = world[c].sid)
    /\ world[t].sid # t
    /\ g = t \/ (g # Outside /\ \E u \in DOMAIN world : world[u].pgid = g /\ world[u].sid = world[c].sid)
    /\ world[t].pgid # g
    /\ WorldStep([world EXCEPT ![t].pgid = g])
    /\ UNCHANGED nextPid

\* prctl(PR_SET_CHILD_SUBREAPER, on).
SetSubreaper(t, on) ==
    /\ WAlive(t) /\ world[t].sub # on
    /\ WorldStep([world EXCEPT ![t].sub = on])
    /\ UNCHANGED nextPid

\* The tree is frozen and checkpointed: the snapshot is restarted with plan p.
Checkpoint(p) ==
    /\ mode = "world" /\ mode' = "restart"
    /\ saved' = world
    /\ frozenFlag' = FALSE
    /\ plan' = p
    /\ pc' = 1
    /\ proc' = EmptyFn
    /\ held' = {}
    /\ stage' = [t \in DOMAIN world |-> "none"]
    /\ cursor' = 0
    /\ phase' = "creating"
    /\ error' = "none"
    /\ illegal' = NoIllegal
    /\ frozen' = FALSE
    /\ objs' = EmptyFn
    /\ UNCHANGED <<world, nextPid, imageObjs>>

\* While the restart runs, the world stands still.
Frozen == mode = "restart" /\ UNCHANGED <<world, nextPid, mode>>

\* The world's steps (pids range over the constant 1..MaxPid, so that TLC
\* names each action in a counterexample) ...
WorldNext ==
    \/ \E c \in 1..MaxPid, cp \in BOOLEAN : Fork(c, cp)
    \/ \E t \in 1..MaxPid, code \in ExitCodes : Exit(t, code)
    \/ \E w, k \in 1..MaxPid : Wait(w, k)
    \/ \E t \in 1..MaxPid : SetSid(t)
    \/ \E c, t \in 1..MaxPid, g \in 0..MaxPid : SetPgid(c, t, g)
    \/ \E t \in 1..MaxPid, on \in BOOLEAN : SetSubreaper(t, on)

-----------------------------------------------------------------------------
(* The flagless world: the same world with no subreaper flag in its state. *)
(* A flag does nothing but choose who adopts the orphans of an exit, and a *)
(* live task may set or clear its own at any time, so the flagless world   *)
(* lets every exit hand its orphans to any one ancestor, as if that one    *)
(* had set its flag just before and cleared it just after; the saved       *)
(* flags are then any (README: the argument, and the TLC runs that check   *)
(* it).  Its trees are the world's trees, their flags cleared, and it has  *)
(* one tree where the world has one per assignment of flags.               *)

\* prctl(PR_SET_CHILD_SUBREAPER, 1) by r (a live ancestor of t, or the init:
\* no flag), exit() of t, prctl(PR_SET_CHILD_SUBREAPER, 0) by r: three steps
\* of the world, from a tree without flags to a tree without flags.
FlaglessExit(t, code, r) ==
    /\ WAlive(t) /\ t # Root /\ WAlive(r)
    /\ r # Root => /\ \E u \in DOMAIN world : world[u].ppid = t   \* no orphan: no adopter to choose
                   /\ WBelow(world[t].ppid, r)                     \* r alone a subreaper: r adopts
    /\ WorldStep(Strip(ExitedWorld(WithSubreaper(world, r), t, code)))
    /\ UNCHANGED nextPid

\* (Its pids range over the tree's, not 1..MaxPid: the same steps, fewer
\* disabled ones for TLC to try in each of millions of states.)
FlaglessWorldNext ==
    \/ \E c \in DOMAIN world, cp \in BOOLEAN : Fork(c, cp)
    \/ \E t \in DOMAIN world, code \in ExitCodes, r \in DOMAIN world : FlaglessExit(t, code, r)
    \/ \E k \in DOMAIN world : Wait(world[k].ppid, k)
    \/ \E t \in DOMAIN world : SetSid(t)
    \/ \E t \in DOMAIN world : \E g \in {t} \cup {world[u].pgid : u \in DOMAIN world} : \E c \in DOMAIN world : SetPgid(c, t, g)

\* The flagless world alone; the round trip of each tree it builds, under
\* flags, is checked at once in every state (RoundTripOfEveryFlaglessTree).
FlaglessWorldSpec == CRInit /\ [][FlaglessWorldNext]_allVars

\* ... and the restart's: Restart's own actions, named R + the action (no
\* fault is injected, no RESTART_FROZEN).  A ghost, placeholder or keeper
\* has a pid below 3 * MaxPid: ghosts are pids of the tree, and the plan
\* adds at most one placeholder and one keeper per task after the largest.
RCreate == Create(NextStep.pid) /\ Frozen
RSetsid == Setsid(NextStep.pid) /\ Frozen
RSetpgid == Setpgid(NextStep.pid, NextStep.pgid) /\ Frozen
RPlaceholderExit == PlaceholderExit(NextStep.pid) /\ Frozen
RSetSubreaperFlag == SetSubreaperFlag(NextStep.pid) /\ Frozen
RRefuse == Refuse /\ Frozen
RBeginRestore == BeginRestore /\ Frozen
RRestoreTask == RestoreTask(Active) /\ Frozen
RZombieExit == ZombieExit(Active) /\ Frozen
RGhostExit(t) == GhostExit(t) /\ Frozen
RResume == Resume /\ Frozen
RCleanup == Cleanup /\ Frozen
REnded == Ended /\ Frozen

RestartNext ==
    \/ RCreate \/ RSetsid \/ RSetpgid \/ RPlaceholderExit \/ RSetSubreaperFlag \/ RRefuse
    \/ RBeginRestore \/ RRestoreTask \/ RZombieExit
    \/ \E t \in 1..(3 * MaxPid) : RGhostExit(t)
    \/ RResume \/ RCleanup \/ REnded

CRNext == WorldNext \/ Checkpoint(Plan(world)) \/ RestartNext

\* The stepwise round trip: the world builds a tree, it is checkpointed, and
\* Restart's own actions restart it one step at a time (Restart's
\* coordinated-restore invariants are checked on every tree the world builds).
CRSpec == CRInit /\ [][CRNext]_allVars

\* The world alone: it builds trees and is never checkpointed (the restart's
\* variables keep their initial values); the round trip of each tree it builds
\* is checked at once, by RunRestart (the invariants below), in every state.
WorldSpec == CRInit /\ [][WorldNext]_allVars

-----------------------------------------------------------------------------
(* The theorem, as invariants.                                             *)
(* Of the stepwise spec, CRSpec (Restart's own are checked too):           *)

\* The planner accepts every tree the world can build.
PlannerAcceptsBuildableTrees == mode = "restart" => plan.ok

\* The restart never fails: no refusal, no illegal step, no missing task.
RoundTripSucceeds == phase \notin {"failed", "aborted"}

\* Once restarted, the tree is the one that was checkpointed (the world
\* itself, which stopped at the checkpoint).
RoundTrip == phase = "done" => SameTree(proc, world)

(* Of the world alone, WorldSpec: the tree as it stands is restarted at    *)
(* once (RunRestart: without faults and RESTART_FROZEN, as CRSpec restarts *)
(* it; Restart's RunRestartMatchesSteps checks that the two agree).        *)

\* The planner accepts every tree the world can build.
PlannerAcceptsEveryTree == Plan(world).ok

\* Every tree the world can build comes back equal, through legal steps only.
RoundTripOfEveryTree == RoundTripOf(world)

(* Of the flagless world, FlaglessWorldSpec: *)

\* No task of the flagless world has a subreaper flag.
FlaglessWorld == world = Strip(world)

\* Every tree the flagless world builds, under any subreaper flags, comes
\* back equal through legal steps only.  With F3 the planner does not read
\* the flags (IsReaper and ReaperFrom serve only the base planner's R4), so
\* a tree has one plan whatever its flags, and the flags matter to the
\* restart only as restore_task sets each task's own: the tree is restarted
\* under two assignments, every flag set and none, with that one plan;
\* without F3, under every assignment, each with its own plan.
RoundTripOfEveryFlaglessTree ==
    IF "F3" \in Fixes
    THEN LET all == WithAllFlags(world)
             p == Plan(all)
         IN RoundTripWith(all, p) /\ RoundTripWith(world, p)
    ELSE \A f \in SUBSET DOMAIN world : RoundTripOf(WithFlags(world, f))

\* Every tree the planner accepts comes back equal, through legal steps only:
\* a refusal (EINVAL, nothing created) is a limitation, never a wrong tree.
\* (RoundTripOfEveryTree without PlannerAcceptsEveryTree, at the same cost.)
RoundTripOfAcceptedTrees == LET p == Plan(world) IN p.ok => RoundTripWith(world, p)
=============================================================================
