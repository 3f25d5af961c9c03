------------------------------ MODULE Restart -------------------------------
(***************************************************************************)
(* restart(): tree planning, coordinated restore, all or nothing           *)
(* (linux-cr v21 checkpoint/restart.c and user-cr's restart.c).            *)
(*                                                                         *)
(* The saved tree is the TREE section of an image: every task with its     *)
(* container-relative pid (the root is pid 1), ppid, sid, pgid, zombie     *)
(* flag and exit code, and PR_SET_CHILD_SUBREAPER flag.  A sid or pgid 0   *)
(* is anchored outside the container (inherited from above the root); it   *)
(* maps to the restarter's own session or group, also written 0 here.      *)
(*                                                                         *)
(* Plan(saved) is the planner, a pure function of the tree:                *)
(*   0. it refuses (EINVAL) a tree that breaks Linux's invariants;         *)
(*   1. ghosts: a ghost session leader g(S) for every dead session leader  *)
(*      (its parent: the common parent of the members that need it for R3, *)
(*      else the init), a ghost group leader for every dead group leader   *)
(*      (its parent: its session's leader, or the init for session 0);     *)
(*   2. a creator for every task and ghost (rules R0-R4 below), a          *)
(*      placeholder for every orphan that needs one, and the creation      *)
(*      order: depth first from the init, each creator making the          *)
(*      children born before its setsid, calling setsid, then the others;  *)
(*   3. groups: setpgid(0,0) by every task or ghost whose pid is a pgid in *)
(*      use and that does not lead a session (G1); setpgid(0,pgid) by      *)
(*      every other task not yet in its group whose pid no one else uses   *)
(*      as a pgid (G2); then by the group leaders that moved to another    *)
(*      group (G3), each only once its own group keeps a member or no one  *)
(*      still has to join it.                                              *)
(* The executor runs the steps one at a time against the kernel's          *)
(* preconditions (an illegal step is recorded, never silently accepted).   *)
(* Then the coordinated restore: one active task at a time in image        *)
(* (depth-first) order, each live task taking the objects the image gives  *)
(* it (fd table, mm, fs, sighand, its fds' files and inodes and their      *)
(* close-on-exec flags, its pending and blocked signals), a shared object  *)
(* fetched from the restart's objhash so that it stays shared; zombies     *)
(* exit with their saved status on their turn; ghosts and placeholders     *)
(* exit once every task is restored (auto-                                 *)
(* reaped; a pid still used as a sid or pgid stays allocated, as Linux     *)
(* keeps the struct pid); then every task resumes at once (frozen first    *)
(* with RESTART_FROZEN).  Any error: every task of the restart is killed   *)
(* and reaped, every pid is free again, the caller gets the first error.   *)
(*                                                                         *)
(* The creator rules, for a non-root task or ghost X with parent P,        *)
(* session S, in order (a "leader" leads its session: pid = sid):          *)
(*   R0 X leads a session and no child needs it born in a given session:   *)
(*      P creates X, X calls setsid.                                       *)
(*   R1 P = S (P creates X after P's setsid), or P is not a leader and     *)
(*      sid(P) = S (P creates X).                                          *)
(*   R2 P is a leader, S # P: P creates X before P's setsid; P must be     *)
(*      born in S, a need that goes to P's own creator.                    *)
(*   R3 S's leader L (task or ghost, not the init) is a child of P: L      *)
(*      creates X with CLONE_PARENT after L's setsid.                      *)
(*   R4 P is a reaper (the init or a subreaper): S's leader L creates a    *)
(*      placeholder Z after its setsid, Z creates X and exits, so X is     *)
(*      handed to the nearest live subreaper ancestor of Z, or the init:   *)
(*      valid only if that is P (with F3: any P that L lies below).        *)
(*   R5 (F2, F3) S's leader L, not below P but whose parent is above P,    *)
(*      is created below P through a placeholder P makes (it exits once    *)
(*      L's subtree exists, handing L to its parent); then R4.             *)
(*   else the plan fails with EINVAL naming X and the reason.              *)
(* A leader X that must be born in session S' (R2 children) is created by  *)
(* the first rule that applies to it with S := S': R1 or R2 in the base    *)
(* planner, R1 to R4 with F2.                                              *)
(*                                                                         *)
(* Departures from the base planner (the rules as first written, without   *)
(* F1-F5), each needed by a tree the world can build (see README.md).      *)
(* The constant Fixes turns them on; every model has all of them, and a    *)
(* bugs/ variant of                                                        *)
(* CheckpointRestart turns each of F1-F4 off to show its tree:             *)
(*   F1 R2 applies only when P can be born in S (Born); otherwise the next *)
(*      rule is tried (a CLONE_PARENT sibling, or an orphan, of a session  *)
(*      leader's session whose parent is an init that called setsid was    *)
(*      not "born before the init's setsid").                              *)
(*   F2 a leader that must be born in S' may also be created by R3 or R4   *)
(*      (by S''s leader with CLONE_PARENT, or through a placeholder); Born *)
(*      knows both, for a leader that is a task and not below P.           *)
(*   F3 every placeholder exits right after creating its orphan, before   *)
(*      any subreaper flag is restored, with its adopter's flag set just   *)
(*      around the exit (the init needs none): the orphan goes to its      *)
(*      adopter whatever the final flags are, so R4 applies to any P that  *)
(*      S's leader lies below (P may have cleared its flag after the       *)
(*      adoption, or a task between may have set its own since).          *)
(*   F4 a cycle of group leaders that swapped groups: the first one forks  *)
(*      a keeper into its own group before its move, so that group         *)
(*      survives until the last one joins it; the keeper exits with the    *)
(*      ghosts.  (Without F4 the planner refuses: "group cycle".)          *)
(*   F5 a ghost session leader's parent is chosen from the candidates of   *)
(*      its members (GhostParent: the parents, and for members born before *)
(*      their parent's setsid the leaders' parents up the line), and the   *)
(*      ghost may serve as the sibling or the placeholder-maker of a       *)
(*      leader that must be born in its session (Born).                    *)
(* Refusals besides "no rule": "R4 reaper" (R4's placeholder would hand    *)
(* the orphan to another reaper), "two sessions" (a leader's children need *)
(* it born in two sessions), "root born outside" (the init's children need *)
(* it born in a session inside), "creator cycle" (the creators do not form *)
(* a tree from the init), "group outside" (a task must join the            *)
(* restarter's group, invisible in the namespace), "malformed" (not a tree *)
(* Linux can produce).                                                     *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TLC

CONSTANTS
    Errnos,     \* the errors an injected fault may carry
    Fixes       \* the departures from the base planner that are on (see above)

Root == 1       \* the container's init: pid 1 of the new namespace
Outside == 0    \* the restarter (coordinator), outside the namespace: the root's
                \* parent; as a sid or pgid, the restarter's session or group


\* A saved task.
SavedTask == [ppid : Nat, sid : Nat, pgid : Nat, zombie : BOOLEAN, code : Nat, sub : BOOLEAN]

\* What a task holds, as the image names it: the objrefs of its fd table,
\* mm, fs and sighand; per fd, the objref of its open file and of the file's
\* inode, and its close-on-exec flag; its pending and blocked signals.  Two
\* tasks that hold the same objref share that object (an fd table shared by
\* CLONE_FILES, a file dup'ed or inherited, the two ends of one pipe, an mm
\* shared by CLONE_VM).  The kernel's side names a restored object by the
\* objref the restart's objhash gives it, and any other by a number no
\* objref is.
IsObjView(v) ==
    /\ DOMAIN v = {"files", "mm", "fs", "sighand", "fds", "pending", "blocked"}
    /\ \A f \in DOMAIN v.fds : f \in Nat /\ DOMAIN v.fds[f] = {"file", "inode", "cloexec"}
                                /\ v.fds[f].cloexec \in BOOLEAN
    /\ v.pending \subseteq STRING /\ v.blocked \subseteq STRING

Kinds == {"task", "ghost", "placeholder", "keeper"}
Phases == {"creating", "restoring", "ghosts", "done", "failed", "aborted"}
Stages == {"none",      \* not created yet
           "waiting",   \* created, inside restart(), waiting for its turn
           "active",    \* its turn: it reads its records
           "restored",  \* done, waiting for the coordinator's verdict
           "exited",    \* a zombie that exited on its turn
           "running",   \* resumed in user space
           "killed"}    \* killed by the cleanup

VARIABLES
    saved,      \* the saved tree: [pid -> SavedTask]
    frozenFlag, \* RESTART_FROZEN
    plan,       \* Plan(saved), computed once: see Plan below
    pc,         \* the plan step to run next (an index into plan.steps)
    proc,       \* the kernel's view of the new namespace: [pid -> [parent, sid, pgid,
                \* state ("alive" / "zombie"), code, sub]] for every task not reaped
    held,       \* pids of auto-reaped ghosts that a sid or pgid still uses (Linux's struct pid)
    stage,      \* [saved task -> Stages]
    cursor,     \* the restore cursor: an index into plan.image (0 before the restore)
    phase,
    error,      \* the first error ("none" while there is none)
    illegal,    \* the first plan step attempted against its kernel precondition, or NoIllegal
    frozen,     \* the restored tree is frozen (RESTART_FROZEN)
    imageObjs,  \* what the image gives each live saved task: [t -> ObjView] (part of the initial state)
    objs        \* what each restored live task holds: [t -> ObjView]

vars == <<saved, frozenFlag, plan, pc, proc, held, stage, cursor, phase, error, illegal, frozen, imageObjs, objs>>

-----------------------------------------------------------------------------
(* Helpers. *)

Min(S) == CHOOSE m \in S : \A x \in S : m <= x
Max(S) == CHOOSE m \in S : \A x \in S : x <= m

RECURSIVE SortSet(_)
SortSet(S) == IF S = {} THEN << >> ELSE <<Min(S)>> \o SortSet(S \ {Min(S)})

EmptyFn == [x \in {} |-> 0]

-----------------------------------------------------------------------------
(* The planner.  s is a saved tree. *)

Sids(s) == {s[t].sid : t \in DOMAIN s} \ {Outside}
Pgids(s) == {s[t].pgid : t \in DOMAIN s} \ {Outside}
GhostSessions(s) == Sids(s) \ DOMAIN s
GhostGroups(s) == Pgids(s) \ (DOMAIN s \cup GhostSessions(s))
\* The session of group g's members (a group lies in one session).
GroupSid(s, g) == s[CHOOSE t \in DOMAIN s : s[t].pgid = g].sid

TaskEnts(s) == [t \in DOMAIN s |-> [ppid |-> s[t].ppid, sid |-> s[t].sid, pgid |-> s[t].pgid, up |-> s[t].ppid]]

LiveSubreaper(s, a) == a \in DOMAIN s /\ s[a].sub /\ ~s[a].zombie
IsReaper(s, p) == p = Root \/ (p \in DOMAIN s /\ s[p].sub)

\* The task an orphan of a (a's child exiting) goes to, given the final flags.
RECURSIVE ReaperFrom(_, _, _)
ReaperFrom(s, E, a) ==
    IF a = Root THEN Root ELSE IF LiveSubreaper(s, a) THEN a ELSE ReaperFrom(s, E, E[a].ppid)

\* Task a is p or lies below it.
RECURSIVE Below(_, _, _)
Below(s, a, p) == a = p \/ (a # Root /\ Below(s, s[a].ppid, p))

\* Entity a (task or ghost) is p or lies below it while the tree is being
\* created: up is an entity's parent then (its final parent, but for a leader
\* that R5 creates below another task).
RECURSIVE BelowE(_, _, _)
BelowE(E, a, p) == a = p \/ (a # Root /\ a \in DOMAIN E /\ BelowE(E, E[a].up, p))

\* R4 for an orphan of p in session S: the placeholder made by S's leader
\* hands it to p.  The base planner: p is a reaper (the init or a
\* subreaper) and, with the final flags, the nearest one above S's leader.
\* F3: any p that S's leader lies strictly below: during the creation no
\* subreaper flag is set (restore_task restores them later) but p's, set just around the
\* placeholder's exit, which comes right after the orphan's creation.
Adopts(s, E, S, p) ==
    IF "F3" \in Fixes THEN S # p /\ BelowE(E, S, p)
    ELSE IsReaper(s, p) /\ ReaperFrom(s, E, S) = p

\* Born(s, E, p, S): the leader task p can be created while its creator is
\* in session S (p's birth session can be S): its parent is in S (a member,
\* or S's leader after its setsid), or its parent is a leader that can be
\* born in S and creates p before its own setsid, or (F2) S's leader, not
\* below p, creates it with CLONE_PARENT (R3) or through a placeholder (R4);
\* S's leader may be a ghost with F5 (whose parent GhostParent chose from
\* the tree alone), a task without.  The root is born in the restarter's
\* session.
RECURSIVE Born(_, _, _, _)
Born(s, E, p, S) ==
    IF p = Root THEN S = Outside
    ELSE LET pp == E[p].ppid IN
         \/ pp = S
         \/ E[pp].sid # pp /\ E[pp].sid = S
         \/ E[pp].sid = pp /\ S # pp /\ Born(s, E, pp, S)
         \/ /\ "F2" \in Fixes /\ S # Root /\ ~BelowE(E, S, p)
            /\ S \in (IF "F5" \in Fixes THEN DOMAIN E ELSE DOMAIN s)
            /\ \/ E[S].ppid = pp
               \/ Adopts(s, E, S, pp)

\* Following t's parents reaches the root within k steps.
RECURSIVE ReachesRoot(_, _, _)
ReachesRoot(s, t, k) ==
    t = Root \/ (k > 0 /\ s[t].ppid \in DOMAIN s /\ ReachesRoot(s, s[t].ppid, k - 1))

\* What Linux guarantees of a tree (the image is untrusted input): the
\* parents form a tree rooted at the init, which is alive; a zombie has no
\* children; the init's sid is 0 or its own; a task whose pid is a sid leads
\* that session; a session leader leads its group; pgid 0 (outside) only
\* in session 0; a group lies in one session, which is its leader's (alive
\* or dead).
WellFormed(s) ==
    /\ Root \in DOMAIN s /\ s[Root].ppid = Outside /\ ~s[Root].zombie
    /\ s[Root].sid \in {Outside, Root}
    /\ \A t \in DOMAIN s \ {Root} :
          /\ s[t].ppid \in DOMAIN s /\ ~s[s[t].ppid].zombie
          /\ ReachesRoot(s, t, Cardinality(DOMAIN s))
    /\ \A t \in DOMAIN s :
          /\ s[t].sid \in DOMAIN s => s[s[t].sid].sid = s[t].sid
          /\ s[t].sid = t => s[t].pgid = t
          /\ s[t].pgid = Outside => s[t].sid = Outside
          /\ s[t].pgid \in DOMAIN s => s[s[t].pgid].sid = s[t].sid
          /\ s[t].pgid \in Sids(s) => s[t].pgid = s[t].sid
    /\ \A u, v \in DOMAIN s : s[u].pgid = s[v].pgid => s[u].sid = s[v].sid

\* E: the entities of the plan (tasks and ghosts): [pid -> [ppid, sid, pgid]].
Leads(E, x) == E[x].sid = x

R1(E, x, S) == LET p == E[x].ppid IN p = S \/ (~Leads(E, p) /\ E[p].sid = S)

\* With F3 (children may also be adopted through placeholders, R4/R5), a
\* leader p is born in one session only: that of its smallest child in
\* another session it can be born in (the Java planner's first come); its
\* other children in other sessions take R3-R5.
R2Session(s, E, p) ==
    LET C == {y \in DOMAIN s \ {Root} : s[y].ppid = p /\ s[y].sid # y /\ s[y].sid # p /\ Born(s, E, p, s[y].sid)}
    IN IF C = {} THEN -1 ELSE s[Min(C)].sid

R2(s, E, x, S) ==
    LET p == E[x].ppid
    IN /\ p \in DOMAIN s /\ Leads(E, p) /\ S # p
       /\ ("F1" \in Fixes => Born(s, E, p, S))
       /\ ("F3" \in Fixes => R2Session(s, E, p) \in {-1, S})

\* A member of ghost session S that R1 and R2 cannot create.
NeedsGhost(s, x, S) ==
    /\ x # Root /\ s[x].sid = S /\ s[x].sid # x
    /\ ~R1(TaskEnts(s), x, S) /\ ~R2(s, TaskEnts(s), x, S)

\* F5: the candidates of a member of ghost session S whose parent P0 is not
\* in S: P0 (the ghost as P0's child creates it with CLONE_PARENT, R3, or from
\* below P0 through a placeholder, R4), and, while Pi leads another session,
\* Pi's parent (Pi then creates the member's line before its setsid, R2, and
\* must itself be born in S).  r1: a task of the line is a plain member of S,
\* which creates the rest (R1): no candidate needed.
RECURSIVE Chain(_, _, _)
Chain(s, p, S) ==
    IF s[p].sid # p /\ s[p].sid = S THEN [r1 |-> TRUE, c |-> << >>]
    ELSE IF s[p].sid # p \/ p = Root THEN [r1 |-> FALSE, c |-> <<p>>]
    ELSE LET up == Chain(s, s[p].ppid, S) IN [up EXCEPT !.c = <<p>> \o @]

Chains(s, S) ==
    {Chain(s, s[x].ppid, S).c :
        x \in {y \in DOMAIN s : y # Root /\ s[y].sid = S /\ s[y].sid # y /\ ~Chain(s, s[y].ppid, S).r1}}

\* Where a ghost that is c's child serves a chain: the index of the first
\* candidate met going up from c (R3 if it is c, else R4), 0 if none.
RECURSIVE ServedAt(_, _, _)
ServedAt(s, q, ch) ==
    IF \E i \in 1..Len(ch) : ch[i] = q THEN CHOOSE i \in 1..Len(ch) : ch[i] = q
    ELSE IF q = Root THEN 0 ELSE ServedAt(s, s[q].ppid, ch)

\* Leader l has a child born before its setsid in a session other than S, that
\* no sibling leader of that session can create (R3): l cannot be born in S.
BornElsewhere(s, l, S) ==
    \E y \in DOMAIN s \ {Root} :
        /\ s[y].ppid = l /\ s[y].sid # y /\ s[y].sid # l /\ s[y].sid # S
        /\ ~(s[y].sid \in DOMAIN s /\ s[s[y].sid].ppid = l)

RECURSIVE Depth(_, _)
Depth(s, t) == IF t = Root THEN 0 ELSE 1 + Depth(s, s[t].ppid)

\* How many leaders of the chains in X must be born in S if the ghost is c's child.
RECURSIVE CostOver(_, _, _)
CostOver(s, c, X) ==
    IF X = {} THEN 0
    ELSE LET ch == CHOOSE ch \in X : TRUE IN (ServedAt(s, c, ch) - 1) + CostOver(s, c, X \ {ch})

\* The parent of ghost session leader g(S).  The base planner: the common
\* parent of the members that need it, else the root; F5: the candidate c
\* that serves every chain, with the fewest leaders to be born in S (the
\* candidates below the one that serves), none of them BornElsewhere, then the deepest, then
\* the smallest pid; the root if none does.  In a tree Linux built the
\* chains lie on one line of ancestors (every task of S was born below the
\* dead leader's parent of the time, and adoption only moves a task up).
GhostParent(s, S) ==
    IF "F5" \in Fixes THEN
        LET CS == Chains(s, S)
            Cands == UNION {{ch[i] : i \in 1..Len(ch)} : ch \in CS}
            Serves(c, ch) == LET i == ServedAt(s, c, ch) IN
                             i > 0 /\ \A j \in 1..(i - 1) : ~BornElsewhere(s, ch[j], S)
            Ok == {c \in Cands : \A ch \in CS : Serves(c, ch)}
            Cost(c) == CostOver(s, c, CS)
            Cheapest == {c \in Ok : \A d \in Ok : Cost(c) <= Cost(d)}
            Deepest == {c \in Cheapest : \A d \in Cheapest : Depth(s, d) <= Depth(s, c)}
        IN IF Ok = {} THEN Root ELSE Min(Deepest)
    ELSE LET ps == {s[x].ppid : x \in {y \in DOMAIN s : NeedsGhost(s, y, S)}}
         IN IF Cardinality(ps) = 1 THEN CHOOSE p \in ps : TRUE ELSE Root

Ents0(s) ==
    LET GS == GhostSessions(s)
        GG == GhostGroups(s)
    IN [x \in DOMAIN s \cup GS \cup GG |->
          IF x \in DOMAIN s THEN [ppid |-> s[x].ppid, sid |-> s[x].sid, pgid |-> s[x].pgid, up |-> s[x].ppid]
          ELSE IF x \in GS THEN [ppid |-> GhostParent(s, x), sid |-> x, pgid |-> x, up |-> GhostParent(s, x)]
          ELSE LET pp == IF GroupSid(s, x) = Outside THEN Root ELSE GroupSid(s, x)
               IN [ppid |-> pp, sid |-> GroupSid(s, x), pgid |-> x, up |-> pp]]

\* R5 (with F2, a leader made through a placeholder, and F3, the adopter's
\* flag around the exit): leader task L moved away from the task p that adopted one of
\* its members (an ancestor of L died and L went to a reaper above p), so no
\* placeholder L makes hands that member to p (R4).  If L was created by its
\* parent and called setsid with no child born before (its birth session
\* does not matter) and p lies strictly below L's parent, L is created below
\* p instead: through a placeholder p makes, which exits once L's whole
\* subtree exists (the member's placeholder has exited by then), handing L
\* to its parent.  RelocBy is that p, for L's smallest such member, else 0.
Relocatable(s, E, L, p) ==
    /\ L \in DOMAIN s /\ L # Root /\ Leads(E, L)
    /\ ~\E y \in DOMAIN s \ {Root} : s[y].ppid = L /\ s[y].sid # y /\ s[y].sid # L
    /\ p # E[L].ppid /\ BelowE(E, p, E[L].ppid) /\ ~BelowE(E, p, L)

RelocBy(s, E, L) ==
    LET Moved == {x \in DOMAIN s \ {Root} :
                    /\ s[x].sid = L /\ s[x].sid # x
                    /\ ~R1(E, x, L) /\ ~R2(s, E, x, L) /\ E[L].ppid # E[x].ppid
                    /\ ~Adopts(s, E, L, E[x].ppid) /\ Relocatable(s, E, L, E[x].ppid)}
    IN IF {"F2", "F3"} \subseteq Fixes /\ L \in DOMAIN s /\ Moved # {} THEN E[Min(Moved)].ppid ELSE 0

\* The entities of the plan: tasks and ghosts, with up set by R5.
Ents(s) ==
    LET E0 == Ents0(s)
    IN [x \in DOMAIN E0 |-> LET r == RelocBy(s, E0, x) IN IF r = 0 THEN E0[x] ELSE [E0[x] EXCEPT !.up = r]]

\* The rule that creates x in session S (lead: x is a leader that must be
\* born in S; the base planner gives it only R1 and R2, F2 adds R3 and R4).
\* "R4 reaper": R4 applies but the placeholder's orphan would go to another
\* reaper.
Rule(s, E, x, S, lead) ==
    LET p == E[x].ppid IN
    IF R1(E, x, S) THEN "R1"
    ELSE IF R2(s, E, x, S) THEN "R2"
    ELSE IF /\ S # Outside /\ S \in DOMAIN E /\ S # Root /\ S # x /\ E[S].ppid = p
            /\ (lead => "F2" \in Fixes) THEN "R3"
    ELSE IF /\ (lead => "F2" \in Fixes) /\ "F3" \in Fixes
            /\ S # Outside /\ S \in DOMAIN E /\ S # x /\ Adopts(s, E, S, p) THEN "R4"
    ELSE IF /\ (lead => "F2" \in Fixes) /\ "F3" \notin Fixes
            /\ IsReaper(s, p) /\ S # Outside /\ S \in DOMAIN E /\ S # x THEN
         IF Adopts(s, E, S, p) THEN "R4" ELSE "R4 reaper"
    ELSE "none"

\* The sessions leader x must be born in: those of its R2 children (a non-
\* leader child's session; a leader child's own birth session).
RECURSIVE NeedsOf(_, _, _, _)
NeedsOf(s, E, NR, x) ==
    {E[y].sid : y \in {y \in DOMAIN NR : E[y].ppid = x /\ NR[y] = "R2"}}
    \cup UNION {LET n == NeedsOf(s, E, NR, y) IN
                  IF Cardinality(n) = 1 /\ Rule(s, E, y, CHOOSE S \in n : TRUE, TRUE) = "R2"
                  THEN n ELSE {}
                : y \in {y \in DOMAIN E : y # Root /\ Leads(E, y) /\ E[y].ppid = x}}

\* Plan steps, all of one shape.  op: "create" (actor creates pid, with
\* CLONE_PARENT if sib; actor Outside: the coordinator creates the root
\* with CLONE_NEWPID), "setsid" (pid calls setsid()), "setpgid" (pid calls
\* setpgid(0, pgid); pgid = pid is setpgid(0,0)), "exit" (placeholder pid
\* exits and is auto-reaped).
Step(op, actor, x, g, sib) == [op |-> op, actor |-> actor, pid |-> x, pgid |-> g, sib |-> sib]
CreateStep(c, x, sib) == Step("create", c, x, 0, sib)
SetsidStep(x) == Step("setsid", x, x, 0, FALSE)
SetpgidStep(x, g) == Step("setpgid", x, x, g, FALSE)
ExitStep(x) == Step("exit", x, x, 0, FALSE)
\* prctl(PR_SET_CHILD_SUBREAPER, on) by x (on: 1 or 0, in the pgid field).
SubreaperStep(x, on) == Step("subreaper", x, x, on, FALSE)
\* F3: placeholder z exits right after creating its orphan; the orphan's
\* adopter a (not the init) has its flag set just around the exit.
ExitSteps(z, a) ==
    IF a = Root THEN <<ExitStep(z)>> ELSE <<SubreaperStep(a, 1), ExitStep(z), SubreaperStep(a, 0)>>

\* Creation order: c creates its pass-1 children (each followed by the
\* whole subtree it creates), calls setsid if it leads, then its pass-2
\* children; a placeholder in `early` exits right after its subtree.
RECURSIVE Visit(_, _, _, _), CreateAll(_, _, _, _, _)
Visit(c, CR, lead, early) ==
    LET kids == {x \in DOMAIN CR : CR[x].by = c}
    IN CreateAll(c, SortSet({x \in kids : CR[x].pass = 1}), CR, lead, early)
       \o (IF c \in lead THEN <<SetsidStep(c)>> ELSE << >>)
       \o CreateAll(c, SortSet({x \in kids : CR[x].pass = 2}), CR, lead, early)
CreateAll(c, xs, CR, lead, early) ==
    IF xs = << >> THEN << >>
    ELSE LET x == Head(xs) IN
         <<CreateStep(c, x, CR[x].sib)>> \o Visit(x, CR, lead, early)
         \o (IF x \in early THEN ExitSteps(x, CR[x].adopt) ELSE << >>)
         \o CreateAll(c, Tail(xs), CR, lead, early)

\* The group every created entity is in after the creation steps.
RECURSIVE PgAfter(_, _)
PgAfter(steps, pg) ==
    IF steps = << >> THEN pg
    ELSE LET st == Head(steps) IN
         PgAfter(Tail(steps),
                 CASE st.op = "create" -> pg @@ (st.pid :> IF st.actor = Outside THEN Outside ELSE pg[st.actor])
                   [] st.op = "setsid" -> [pg EXCEPT ![st.pid] = st.pid]
                   [] OTHER -> pg)

\* G3: movers M (group leaders that moved to another group) move one at a
\* time, the smallest ready one first.  A mover may leave its group only if
\* no pending mover is to join it, or someone else keeps it alive.  When none
\* is ready (a cycle), F4: the smallest pending mover forks a keeper (pid
\* `next`) into its own group.  Result: [ok, steps, keepers (pid -> its creator)].
RECURSIVE G3(_, _, _, _, _)
G3(s, M, done, kept, next) ==
    IF done = M THEN [ok |-> TRUE, steps |-> << >>, keepers |-> EmptyFn]
    ELSE LET Pending(g) == \E u \in M \ done : s[u].pgid = g
             Kept(g) == g \in kept \/ \E u \in DOMAIN s : u # g /\ s[u].pgid = g /\ (u \notin M \/ u \in done)
             Ready == {m \in M \ done : ~Pending(m) \/ Kept(m)}
         IN IF Ready # {}
            THEN LET m == Min(Ready)
                     r == G3(s, M, done \cup {m}, kept, next)
                 IN [r EXCEPT !.steps = <<SetpgidStep(m, s[m].pgid)>> \o @]
            ELSE IF "F4" \notin Fixes THEN [ok |-> FALSE, steps |-> << >>, keepers |-> EmptyFn]
            ELSE LET y == Min(M \ done)
                     r == G3(s, M, done, kept \cup {y}, next + 1)
                 IN [r EXCEPT !.steps = <<CreateStep(y, next, FALSE)>> \o @,
                              !.keepers = @ @@ (next :> y)]

\* The image's task order: depth first from the root, children by pid.
RECURSIVE DFS(_, _), DFSAll(_, _)
DFS(s, t) == <<t>> \o DFSAll(s, SortSet({u \in DOMAIN s : u # Root /\ s[u].ppid = t}))
DFSAll(s, ts) == IF ts = << >> THEN << >> ELSE DFS(s, Head(ts)) \o DFSAll(s, Tail(ts))

NoWhy == [task |-> 0, reason |-> ""]

\* The plan: [ok, why (the task and reason of a refusal), steps, image (the
\* restore order), kind ([pid -> Kinds] of everything it creates), rule
\* ([task or ghost -> the rule that creates it]), live (what exists once every
\* step ran), at ([pid -> the index of the step creating it])].
PlanOf(s) ==
    LET E == Ents(s)
        D == DOMAIN E
        NL == {x \in D : x # Root /\ ~Leads(E, x)}
        LD == {x \in D : Leads(E, x)}
        NR == [x \in NL |-> Rule(s, E, x, E[x].sid, FALSE)]
        Needs == [x \in LD |-> NeedsOf(s, E, NR, x)]
        BS(x) == CHOOSE S \in Needs[x] : TRUE
        LR == [x \in LD \ {Root} |->
                 IF E[x].up # E[x].ppid THEN (IF Needs[x] = {} THEN "R5" ELSE "two sessions")
                 ELSE IF Needs[x] = {} THEN "R0"
                 ELSE IF Cardinality(Needs[x]) > 1 THEN "two sessions"
                 ELSE Rule(s, E, x, BS(x), TRUE)]
        Orphans == {x \in NL : NR[x] = "R4"} \cup {x \in LD \ {Root} : LR[x] \in {"R4", "R5"}}
        \* the session an orphan must be born in
        OSid(x) == IF x \in NL THEN E[x].sid ELSE BS(x)
        \* who makes an orphan's placeholder: that session's leader (R4), or the
        \* task a relocated leader must lie below (R5)
        PhBy(x) == IF x \in LD /\ LR[x] = "R5" THEN E[x].up ELSE OSid(x)
        Top == Max(D)
        Ph(x) == Top + Cardinality({y \in Orphans : y <= x})
        Placeholders == {Ph(x) : x \in Orphans}
        OrphanOf(z) == CHOOSE x \in Orphans : Ph(x) = z
        Early == IF "F3" \in Fixes THEN Placeholders ELSE {}
        BadNL == {x \in NL : NR[x] \in {"none", "R4 reaper"}}
        BadLD == {x \in LD \ {Root} : LR[x] \in {"none", "two sessions", "R4 reaper"}}
        BadRoot == IF Root \in LD /\ Needs[Root] \ {Outside} # {} THEN {Root} ELSE {}
        Bad == BadNL \cup BadLD \cup BadRoot
        CR == [x \in (D \ {Root}) \cup Placeholders |->
                 IF x \in Placeholders THEN [by |-> PhBy(OrphanOf(x)), pass |-> 2, sib |-> FALSE,
                                              adopt |-> E[OrphanOf(x)].ppid]
                 ELSE IF x \in NL THEN
                     CASE NR[x] = "R1" -> [by |-> E[x].ppid, pass |-> 2, sib |-> FALSE, adopt |-> 0]
                       [] NR[x] = "R2" -> [by |-> E[x].ppid, pass |-> 1, sib |-> FALSE, adopt |-> 0]
                       [] NR[x] = "R3" -> [by |-> E[x].sid, pass |-> 2, sib |-> TRUE, adopt |-> 0]
                       [] OTHER -> [by |-> Ph(x), pass |-> 2, sib |-> FALSE, adopt |-> 0]
                 ELSE CASE LR[x] \in {"R0", "R1"} -> [by |-> E[x].ppid, pass |-> 2, sib |-> FALSE, adopt |-> 0]
                        [] LR[x] = "R2" -> [by |-> E[x].ppid, pass |-> 1, sib |-> FALSE, adopt |-> 0]
                        [] LR[x] = "R3" -> [by |-> BS(x), pass |-> 2, sib |-> TRUE, adopt |-> 0]
                        [] OTHER -> [by |-> Ph(x), pass |-> 2, sib |-> FALSE, adopt |-> 0]]
        Creation == <<CreateStep(Outside, Root, FALSE)>> \o Visit(Root, CR, LD, Early)
        PG == PgAfter(Creation, EmptyFn)
        G1 == {x \in D : x \in Pgids(s) /\ ~Leads(E, x)}
        Cur(x) == IF x \in LD \cup G1 THEN x ELSE PG[x]
        UsedByOthers(x) == \E u \in DOMAIN s : u # x /\ s[u].pgid = x
        G2 == {x \in DOMAIN s : s[x].pgid # Cur(x) /\ ~UsedByOthers(x)}
        M == {x \in DOMAIN s : UsedByOthers(x) /\ s[x].pgid # x /\ ~Leads(E, x)}
        \* a task that must join the restarter's group after creation cannot:
        \* that group is not visible inside the namespace (no world builds this)
        BadOut == {x \in G2 \cup M : s[x].pgid = Outside}
        Moves == G3(s, M, {}, {}, Top + Cardinality(Orphans) + 1)
        Steps == Creation
                 \o [i \in 1..Cardinality(G1) |-> SetpgidStep(SortSet(G1)[i], SortSet(G1)[i])]
                 \o [i \in 1..Cardinality(G2) |-> SetpgidStep(SortSet(G2)[i], s[SortSet(G2)[i]].pgid)]
                 \o Moves.steps
        Kind(x) == IF x \in DOMAIN s THEN "task" ELSE IF x \in D THEN "ghost"
                   ELSE IF x \in Placeholders THEN "placeholder" ELSE "keeper"
        All == D \cup Placeholders \cup DOMAIN Moves.keepers
        CreatedBy(steps) == {steps[i].pid : i \in {j \in 1..Len(steps) : steps[j].op = "create"}}
        \* the creator relation must reach everything from the root (R3 and R4
        \* could otherwise make two leaders each other's creators)
        Unreached == (D \cup Placeholders) \ CreatedBy(Creation)
        ok == Bad = {} /\ Unreached = {} /\ BadOut = {} /\ Moves.ok
    IN [ok |-> ok,
        why |-> IF Bad # {} THEN [task |-> Min(Bad),
                                  reason |-> IF Min(Bad) \in BadNL THEN NR[Min(Bad)]
                                             ELSE IF Min(Bad) \in BadLD THEN LR[Min(Bad)]
                                             ELSE "root born outside"]
                ELSE IF Unreached # {} THEN [task |-> Min(Unreached), reason |-> "creator cycle"]
                ELSE IF BadOut # {} THEN [task |-> Min(BadOut), reason |-> "group outside"]
                ELSE IF ~Moves.ok THEN [task |-> Min(M), reason |-> "group cycle"]
                ELSE NoWhy,
        steps |-> IF ok THEN Steps ELSE << >>,
        image |-> DFS(s, Root),
        kind |-> [x \in All |-> Kind(x)],
        rule |-> [x \in D \ {Root} |-> IF x \in NL THEN NR[x] ELSE LR[x]],
        live |-> All \ Early,
        at |-> [x \in All |-> IF ok THEN Min({i \in 1..Len(Steps) : Steps[i].op = "create" /\ Steps[i].pid = x})
                              ELSE 0]]

\* The plan of s, or EINVAL if s is not a tree Linux can produce.
Plan(s) == IF WellFormed(s) THEN PlanOf(s) ELSE
    [ok |-> FALSE, why |-> [task |-> Root, reason |-> "malformed"], steps |-> << >>,
     image |-> << >>, kind |-> EmptyFn, rule |-> EmptyFn, live |-> {}, at |-> EmptyFn]

\* Plan p with its steps replaced by steps (for the bugs/ variants).
WithSteps(p, steps) ==
    [p EXCEPT !.steps = steps,
              !.at = [x \in DOMAIN p.at |->
                        LET I == {i \in 1..Len(steps) : steps[i].op = "create" /\ steps[i].pid = x}
                        IN IF I = {} THEN Len(steps) + 1 ELSE Min(I)]]

-----------------------------------------------------------------------------
(* The kernel.  A kernel value k is [proc, held]: the new namespace's      *)
(* tasks not yet reaped and the pids of reaped ones still used as a sid or *)
(* pgid, as the variables of the same names hold them.  Every plan step,   *)
(* every restore step and every exit is a pure operator over k here; the   *)
(* actions below (one step at a time) and RunRestart (a whole restart at   *)
(* once) both use them, so that the two share one definition of the        *)
(* kernel.                                                                 *)

\* find_new_reaper: the nearest live subreaper among the ancestors from a, else the init.
RECURSIVE KReaperFrom(_, _)
KReaperFrom(P, a) ==
    IF a = Root \/ a \notin DOMAIN P THEN Root
    ELSE IF P[a].sub /\ P[a].state = "alive" THEN a
    ELSE KReaperFrom(P, P[a].parent)

KReaper(P, t) == KReaperFrom(P, P[t].parent)

\* P without t (reaped), t's children handed to its reaper.
Without(P, t) ==
    [u \in DOMAIN P \ {t} |-> IF P[u].parent = t THEN [P[u] EXCEPT !.parent = KReaper(P, t)] ELSE P[u]]

\* The sids and pgids in use.
IdsUsed(P) == {P[u].sid : u \in DOMAIN P} \cup {P[u].pgid : u \in DOMAIN P}

\* The kernel before the restart: an empty namespace.
EmptyKernel == [proc |-> EmptyFn, held |-> {}]

\* The kernel as the variables hold it now.
K == [proc |-> proc, held |-> held]

KAlive(k, t) == t \in DOMAIN k.proc /\ k.proc[t].state = "alive"

\* The pid is in use: a task's, or held by a sid or pgid.
KTaken(k, x) == x \in DOMAIN k.proc \/ x \in k.held

Alive(t) == KAlive(K, t)

\* The errno of each plan step (kernel preconditions, in Linux's order).
CreateErrno(k, st) ==
    IF st.actor = Outside THEN IF KTaken(k, st.pid) THEN "EBUSY" ELSE "ok"
    ELSE IF ~KAlive(k, st.actor) THEN "ESRCH"
    ELSE IF st.sib /\ st.actor = Root THEN "EINVAL"     \* CLONE_PARENT from a namespace init
    ELSE IF KTaken(k, st.pid) THEN "EBUSY"              \* eclone: the pid is in use
    ELSE "ok"

SetsidErrno(k, x) ==
    IF ~KAlive(k, x) THEN "ESRCH"
    ELSE IF \E u \in DOMAIN k.proc : k.proc[u].pgid = x THEN "EPERM"   \* a group x exists
    ELSE "ok"

SetpgidErrno(k, x, g) ==
    IF ~KAlive(k, x) THEN "ESRCH"
    ELSE IF k.proc[x].sid = x THEN "EPERM"                         \* a session leader
    ELSE IF g = x THEN "ok"
    ELSE IF g = Outside THEN "EPERM"                                \* not visible in the namespace
    ELSE IF ~\E u \in DOMAIN k.proc : k.proc[u].pgid = g /\ k.proc[u].sid = k.proc[x].sid THEN "EPERM"
    ELSE "ok"

ExitErrno(k, x) == IF ~KAlive(k, x) THEN "ESRCH" ELSE "ok"

\* prctl() by a zombie or a task that is gone: ESRCH.
SubreaperErrno(k, x) == IF ~KAlive(k, x) THEN "ESRCH" ELSE "ok"

\* eclone() by st.actor (user-cr's ckpt_fork_child; the root is forked by the
\* coordinator with CLONE_NEWPID and becomes pid 1): the child inherits the
\* creator's session and group; with CLONE_PARENT its parent is the creator's
\* parent.
KCreate(k, st) ==
    LET P == k.proc IN
    [k EXCEPT !.proc = P @@ (st.pid :> IF st.actor = Outside
                                       THEN [parent |-> Outside, sid |-> Outside, pgid |-> Outside,
                                             state |-> "alive", code |-> 0, sub |-> FALSE]
                                       ELSE [parent |-> IF st.sib THEN P[st.actor].parent ELSE st.actor,
                                             sid |-> P[st.actor].sid, pgid |-> P[st.actor].pgid,
                                             state |-> "alive", code |-> 0, sub |-> FALSE])]

\* setsid() by x: a new session and group, both x.
KSetsid(k, x) == [k EXCEPT !.proc[x].sid = x, !.proc[x].pgid = x]

\* setpgid(0, g) by x: a pid that no sid or pgid uses any more is released.
KSetpgid(k, x, g) ==
    LET P == [k.proc EXCEPT ![x].pgid = g]
    IN [proc |-> P, held |-> k.held \cap IdsUsed(P)]

\* An auto-reaped task exits (a placeholder, a ghost, a keeper: exit_signal
\* -1): its children go to its reaper, its pid stays held while a sid or pgid
\* uses it.
KExit(k, x) ==
    LET P == Without(k.proc, x)
    IN [proc |-> P, held |-> (k.held \cup {x}) \cap IdsUsed(P)]

\* prctl(PR_SET_CHILD_SUBREAPER, on) by x.
KSetSubreaper(k, x, on) == [k EXCEPT !.proc[x].sub = on]

\* The errno of plan step st against kernel k.
StepErrno(k, st) ==
    CASE st.op = "create" -> CreateErrno(k, st)
      [] st.op = "setsid" -> SetsidErrno(k, st.pid)
      [] st.op = "setpgid" -> SetpgidErrno(k, st.pid, st.pgid)
      [] st.op = "exit" -> ExitErrno(k, st.pid)
      [] st.op = "subreaper" -> SubreaperErrno(k, st.pid)

\* The kernel after plan step st, once it passed its check.  "subreaper"
\* steps carry the flag in pgid (1 sets it, 0 clears it).
StepEffect(k, st) ==
    CASE st.op = "create" -> KCreate(k, st)
      [] st.op = "setsid" -> KSetsid(k, st.pid)
      [] st.op = "setpgid" -> KSetpgid(k, st.pid, st.pgid)
      [] st.op = "exit" -> KExit(k, st.pid)
      [] st.op = "subreaper" -> KSetSubreaper(k, st.pid, st.pgid = 1)

\* One plan step against kernel k: its errno, and the kernel after it (the
\* same kernel if it failed).
KStep(k, st) ==
    LET e == StepErrno(k, st)
    IN [errno |-> e, k |-> IF e = "ok" THEN StepEffect(k, st) ELSE k]

\* restore_task: t reads its own records, among them its subreaper flag.
KRestore(k, t, rec) == [k EXCEPT !.proc[t].sub = rec.sub]

\* A saved zombie's do_exit(code) on its turn (PF_RESTARTING: no SIGCHLD):
\* its children go to its reaper.
KZombieExit(k, t, code) ==
    LET P == k.proc IN
    [k EXCEPT !.proc = [u \in DOMAIN P |->
                          IF u = t THEN [P[t] EXCEPT !.state = "zombie", !.code = code]
                          ELSE IF P[u].parent = t THEN [P[u] EXCEPT !.parent = KReaper(P, t)]
                          ELSE P[u]]]

NoIllegal == [at |-> 0, op |-> "", pid |-> 0, errno |-> ""]

\* The record of step st, at index i, failing its check with errno e.
IllegalStep(i, st, e) == [at |-> i, op |-> st.op, pid |-> st.pid, errno |-> e]

\* The restore found a saved task that the steps did not leave alive.
IllegalRestore(i) == [at |-> i, op |-> "restore", pid |-> 0, errno |-> "ESRCH"]

-----------------------------------------------------------------------------
TypeOK ==
    /\ Root \in DOMAIN saved /\ saved \in [DOMAIN saved -> SavedTask]
    /\ frozenFlag \in BOOLEAN
    /\ plan.ok \in BOOLEAN
    /\ pc \in 1..(Len(plan.steps) + 1)
    /\ \A t \in DOMAIN proc : /\ proc[t].state \in {"alive", "zombie"} /\ proc[t].sub \in BOOLEAN
                              /\ proc[t].parent \in Nat /\ proc[t].sid \in Nat /\ proc[t].pgid \in Nat
    /\ DOMAIN proc \subseteq DOMAIN plan.kind
    /\ held \subseteq DOMAIN plan.kind
    /\ stage \in [DOMAIN saved -> Stages]
    /\ cursor \in 0..(Len(plan.image) + 1)
    /\ phase \in Phases
    /\ error \in {"none", "EINVAL", "ESRCH", "EPERM", "EBUSY"} \cup Errnos
    /\ DOMAIN illegal = {"at", "op", "pid", "errno"}
    /\ frozen \in BOOLEAN
    /\ DOMAIN imageObjs \subseteq DOMAIN saved /\ \A t \in DOMAIN imageObjs : IsObjView(imageObjs[t])
    /\ DOMAIN objs \subseteq DOMAIN imageObjs

\* The live tasks of saved tree s: those the image gives objects.
LiveSaved(s) == {t \in DOMAIN s : ~s[t].zombie}

\* The saved trees and flags restart may be given: any tree of saved tasks
\* with a root, with or without RESTART_FROZEN, and what the image gives each
\* live task (the model module replaces this by a finite choice).
SavedInit == /\ Root \in DOMAIN saved /\ saved \in [DOMAIN saved -> SavedTask] /\ frozenFlag \in BOOLEAN
             /\ DOMAIN imageObjs = LiveSaved(saved) /\ \A t \in DOMAIN imageObjs : IsObjView(imageObjs[t])

\* The initial states: a saved tree and flag SavedInit allows; the plan is
\* computed once.
InitWith(s, f, p) ==
    /\ frozenFlag = f
    /\ plan = p
    /\ pc = 1
    /\ proc = EmptyFn
    /\ held = {}
    /\ stage = [t \in DOMAIN s |-> "none"]
    /\ cursor = 0
    /\ phase = "creating"
    /\ error = "none"
    /\ illegal = NoIllegal
    /\ frozen = FALSE
    /\ objs = EmptyFn

InitFrom(s, f) == InitWith(s, f, Plan(s))

Init == SavedInit /\ InitFrom(saved, frozenFlag)

-----------------------------------------------------------------------------
(* Actions. *)

\* The first error wins; the restart fails.
Failing(e) ==
    /\ error' = IF error = "none" THEN e ELSE error
    /\ phase' = "failed"

\* A plan step failed its kernel check: recorded, and the restart fails.
StepFails(e) ==
    /\ illegal' = IF illegal = NoIllegal THEN IllegalStep(pc, plan.steps[pc], e) ELSE illegal
    /\ Failing(e)
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, pc, proc, held, stage, cursor, frozen>>

NoStep == [op |-> "", actor |-> 0, pid |-> 0, pgid |-> 0, sib |-> FALSE]
\* The plan step to run next (NoStep once every step ran).
NextStep == IF pc <= Len(plan.steps) THEN plan.steps[pc] ELSE NoStep
\* The task the restore cursor points at (0 outside the restore).
Active == IF cursor \in 1..Len(plan.image) THEN plan.image[cursor] ELSE 0
Stepping == phase = "creating" /\ plan.ok /\ pc <= Len(plan.steps)

\* The next plan step runs against the kernel (KStep): it takes effect, or it
\* fails its check and the restart fails.  A created task enters restart().
RunStep ==
    LET st == NextStep
        e == StepErrno(K, st)
    IN IF e # "ok" THEN StepFails(e)
       ELSE LET k == StepEffect(K, st) IN
            /\ proc' = k.proc
            /\ held' = k.held
            /\ stage' = IF st.op = "create" /\ st.pid \in DOMAIN saved
                        THEN [stage EXCEPT ![st.pid] = "waiting"] ELSE stage
            /\ pc' = pc + 1
            /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, cursor, phase, error, illegal, frozen>>

\* The planner refuses the tree: EINVAL, nothing was created.
Refuse ==
    /\ phase = "creating" /\ ~plan.ok
    /\ Failing("EINVAL")
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, pc, proc, held, stage, cursor, illegal, frozen>>

\* eclone() by the step's actor (user-cr's ckpt_fork_child; the root is
\* forked by the coordinator with CLONE_NEWPID): KCreate.
Create(x) == Stepping /\ NextStep.op = "create" /\ NextStep.pid = x /\ RunStep

\* setsid() (ckpt_make_tree, between its two passes): KSetsid.
Setsid(x) == Stepping /\ NextStep.op = "setsid" /\ NextStep.pid = x /\ RunStep

\* setpgid(0, g) by x (g = x: setpgid(0, 0)): KSetpgid.
Setpgid(x, g) == Stepping /\ NextStep.op = "setpgid" /\ NextStep.pid = x /\ NextStep.pgid = g /\ RunStep

\* A placeholder exits right after creating its orphan (F3): auto-reaped, the
\* orphan goes to its reaper (KExit).
PlaceholderExit(x) == Stepping /\ NextStep.op = "exit" /\ NextStep.pid = x /\ RunStep

\* prctl(PR_SET_CHILD_SUBREAPER, on) by task x during ckpt_make_tree (on in
\* the step's pgid field: 1 sets the flag, 0 clears it), so that a
\* placeholder's orphan goes to x before the flags are restored (KSetSubreaper).
SetSubreaperFlag(x) == Stepping /\ NextStep.op = "subreaper" /\ NextStep.pid = x /\ RunStep

\* Activate the task at image index i (restore_activate_next), or, past the
\* last one, let the ghosts go.
Activate(i, st) ==
    /\ cursor' = i
    /\ stage' = IF i <= Len(plan.image) THEN [st EXCEPT ![plan.image[i]] = "active"] ELSE st
    /\ phase' = IF i <= Len(plan.image) THEN "restoring" ELSE "ghosts"

\* The coordinator (do_restore_coord): every task is inside restart()
\* (prepare_descendants, else ESRCH), activate the first one.
BeginRestore ==
    /\ phase = "creating" /\ plan.ok /\ pc = Len(plan.steps) + 1
    /\ IF \E t \in DOMAIN saved : ~Alive(t)
       THEN /\ illegal' = IF illegal = NoIllegal THEN IllegalRestore(pc) ELSE illegal
            /\ Failing("ESRCH")
            /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, pc, proc, held, stage, cursor, frozen>>
       ELSE /\ Activate(1, stage)
            /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, pc, proc, held, error, illegal, frozen>>

\* restore_task: the active task reads its own records (KRestore: its state,
\* among it the subreaper flag; a live one also its objects, with the
\* image's sharing, its fd flags and its signals) and, unless it is a zombie,
\* activates the next one.
RestoreTask(t) ==
    /\ phase = "restoring" /\ cursor \in 1..Len(plan.image) /\ plan.image[cursor] = t
    /\ stage[t] = "active"
    /\ proc' = KRestore(K, t, saved[t]).proc
    /\ objs' = IF t \in DOMAIN imageObjs THEN objs @@ (t :> imageObjs[t]) ELSE objs
    /\ IF saved[t].zombie
       THEN /\ stage' = [stage EXCEPT ![t] = "restored"]
            /\ UNCHANGED <<cursor, phase>>
       ELSE Activate(cursor + 1, [stage EXCEPT ![t] = "restored"])
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, plan, pc, held, error, illegal, frozen>>

\* A saved zombie exits on its turn with its saved status (KZombieExit); then
\* the next one.
ZombieExit(t) ==
    /\ phase = "restoring" /\ cursor \in 1..Len(plan.image) /\ plan.image[cursor] = t
    /\ stage[t] = "restored" /\ saved[t].zombie
    /\ proc' = KZombieExit(K, t, saved[t].code).proc
    /\ Activate(cursor + 1, [stage EXCEPT ![t] = "exited"])
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, pc, held, error, illegal, frozen>>

\* A ghost, placeholder or keeper exits once every task is restored
\* (do_ghost_task: exit_signal -1, so it is reaped at once; KExit), in any
\* order.
GhostExit(t) ==
    /\ phase = "ghosts" /\ t \in DOMAIN proc /\ plan.kind[t] # "task"
    /\ LET k == KExit(K, t) IN
       /\ proc' = k.proc
       /\ held' = k.held
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, pc, stage, cursor, phase, error, illegal, frozen>>

NoTemps == \A t \in DOMAIN proc : plan.kind[t] = "task"

\* RESTART_FROZEN: the coordinator freezes the tree before anyone resumes ...
Freeze ==
    /\ phase = "ghosts" /\ NoTemps /\ frozenFlag /\ ~frozen
    /\ frozen' = TRUE
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, pc, proc, held, stage, cursor, phase, error, illegal>>

\* ... and a failure to freeze fails the restart.
FreezeFails ==
    /\ phase = "ghosts" /\ NoTemps /\ frozenFlag /\ ~frozen
    /\ Failing("EBUSY")
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, pc, proc, held, stage, cursor, illegal, frozen>>

\* Success: every task resumes at once (zombies stay zombies).
Resume ==
    /\ phase = "ghosts" /\ NoTemps /\ (frozenFlag => frozen)
    /\ stage' = [t \in DOMAIN saved |-> IF stage[t] = "restored" THEN "running" ELSE stage[t]]
    /\ phase' = "done"
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, pc, proc, held, cursor, error, illegal, frozen>>

\* Any step of any task or of the coordinator may fail (a bad record, no
\* memory, a signal): ckpt_set_error.
InjectFault(e) ==
    /\ phase \in {"creating", "restoring", "ghosts"}
    /\ Failing(e)
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, objs, plan, pc, proc, held, stage, cursor, illegal, frozen>>

\* On error the coordinator kills every task of the restart (destroy_descendants;
\* the namespace dies with its init) and they are reaped: no task, no pid left.
Cleanup ==
    /\ phase = "failed"
    /\ proc' = EmptyFn
    /\ held' = {}
    /\ stage' = [t \in DOMAIN saved |-> IF stage[t] = "none" THEN "none" ELSE "killed"]
    /\ phase' = "aborted"
    /\ objs' = EmptyFn
    /\ UNCHANGED <<saved, frozenFlag, imageObjs, plan, pc, cursor, error, illegal, frozen>>

\* restart() has returned: nothing more happens (a final state, not a deadlock).
Ended == phase \in {"done", "aborted"} /\ UNCHANGED vars

\* Every step but the injected faults and the final stutter.
Progress ==
    \/ Refuse
    \/ Create(NextStep.pid)
    \/ Setsid(NextStep.pid)
    \/ Setpgid(NextStep.pid, NextStep.pgid)
    \/ PlaceholderExit(NextStep.pid)
    \/ SetSubreaperFlag(NextStep.pid)
    \/ BeginRestore
    \/ RestoreTask(Active)
    \/ ZombieExit(Active)
    \/ \E t \in DOMAIN proc : GhostExit(t)
    \/ Freeze
    \/ FreezeFails
    \/ Resume
    \/ Cleanup

Next ==
    \/ Progress
    \/ \E e \in Errnos : InjectFault(e)
    \/ Ended

\* One thread of control at a time: weak fairness on progress (faults are
\* not fair: a restart may also never fail).
Fairness == WF_vars(Progress)
Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Properties. *)

\* Every step the plan ran met its kernel precondition.
StepsAreLegal == illegal = NoIllegal

\* At most one task is active, it is the one the cursor points at, every task
\* before it is done, every one after it waits.
SingleActiveCursor ==
    /\ Cardinality({t \in DOMAIN stage : stage[t] = "active"}) <= 1
    /\ \A t \in DOMAIN stage : stage[t] = "active" => cursor \in 1..Len(plan.image) /\ plan.image[cursor] = t
    /\ phase = "restoring" =>
         /\ \A i \in 1..(cursor - 1) : stage[plan.image[i]] \in {"restored", "exited"}
         /\ \A i \in (cursor + 1)..Len(plan.image) : stage[plan.image[i]] = "waiting"

\* The restore starts only once every task, ghost and placeholder exists.
TreeBeforeRestore ==
    cursor > 0 /\ phase \in {"restoring", "ghosts", "done"} =>
        /\ pc = Len(plan.steps) + 1
        /\ \A t \in DOMAIN saved : t \in DOMAIN proc
        /\ phase = "restoring" => DOMAIN proc = plan.live

\* No task runs in user space before every task is restored, the ghosts are
\* gone and (RESTART_FROZEN) the tree is frozen; and none ever does after an error.
NoEarlyResume ==
    /\ (\E t \in DOMAIN stage : stage[t] = "running") =>
          /\ phase = "done" /\ error = "none"
          /\ \A t \in DOMAIN saved : stage[t] \in {"running", "exited"}
          /\ NoTemps
          /\ frozenFlag => frozen
    /\ error # "none" => \A t \in DOMAIN stage : stage[t] # "running"

\* No ghost, placeholder or keeper exits before every task restored (the plan's
\* setpgid steps and its own restore); F3's placeholders are the exception.
GhostsOutliveRestore ==
    plan.ok /\ phase \in {"creating", "restoring"} =>
        \A x \in plan.live \ DOMAIN saved : plan.at[x] < pc => x \in DOMAIN proc

\* A failed restart leaves nothing: no task, no pid, nobody resumed.
FailureIsTotal ==
    phase = "aborted" =>
        /\ DOMAIN proc = {} /\ held = {}
        /\ error # "none"
        /\ \A t \in DOMAIN stage : stage[t] \in {"none", "killed"}

\* saved sids and pgids 0 are the restarter's own.
MapId(v) == IF v = 0 THEN Outside ELSE v

\* The kernel's tree P is the saved tree s: the same tasks, and for each its
\* pid, parent, session, group, zombie status and exit code, subreaper flag.
SameTree(P, s) ==
    /\ DOMAIN P = DOMAIN s
    /\ \A t \in DOMAIN s :
         /\ P[t].parent = MapId(s[t].ppid)
         /\ P[t].sid = MapId(s[t].sid)
         /\ P[t].pgid = MapId(s[t].pgid)
         /\ (P[t].state = "zombie") = s[t].zombie
         /\ s[t].zombie => P[t].code = s[t].code
         /\ P[t].sub = s[t].sub

\* At success the restored tree is the saved one.
RestoredTreeEqualsSaved == phase = "done" => SameTree(proc, saved)

\* At success every restored task holds exactly the objects, fd flags and
\* signals the image gives it, with the image's sharing: a refinement of the
\* image, not only of the tree.
RestoredObjectsAsImaged == phase = "done" => objs = imageObjs

\* A session leader always leads its group.
SessionLeadersKeepTheirGroup ==
    \A t \in DOMAIN proc : proc[t].sid = t => proc[t].pgid = t

\* Every sid and pgid in use names a task of the namespace, a dead leader's
\* held pid, or the restarter's own.
IdsAreHeld ==
    \A t \in DOMAIN proc : \A id \in {proc[t].sid, proc[t].pgid} :
        id = Outside \/ id \in DOMAIN proc \/ id \in held

\* A group lies in one session.
GroupInOneSessionAsStated ==
    \A u, v \in DOMAIN proc : proc[u].pgid = proc[v].pgid => proc[u].sid = proc[v].sid

\* The same, without comparing every pair of processes (the step oracle checks
\* it after every step): as many (group, session) pairs as groups.  The model
\* checks that the two are equal (GroupInOneSessionRestatedExactly).
GroupInOneSession ==
    Cardinality({<<proc[u].pgid, proc[u].sid>> : u \in DOMAIN proc}) = Cardinality({proc[u].pgid : u \in DOMAIN proc})

GroupInOneSessionRestatedExactly == GroupInOneSession <=> GroupInOneSessionAsStated

\* The first error is the one the caller gets.
FirstErrorWins == [][error # "none" => error' = error]_vars

\* restart() returns: success, or a failure that left nothing behind.
RestartEnds == <>(phase \in {"done", "aborted"})

-----------------------------------------------------------------------------
(* The whole restart at once, without faults and without RESTART_FROZEN:   *)
(* the same kernel operators as the actions above, folded over the plan.   *)
(* Without faults and RESTART_FROZEN the stepwise restart is deterministic *)
(* up to the order in which the ghosts, placeholders and keepers exit: the *)
(* plan's steps run in order, the restore goes through plan.image one task *)
(* at a time, Freeze and FreezeFails are never enabled.  RunRestart takes  *)
(* one order (ascending pids); the stepwise model checks every order.      *)
(* (The order does not change the result either: no plan makes a           *)
(* temporary a subreaper, so removing one from a chain of ancestors does   *)
(* not change the nearest subreaper of anyone below it, and the held pids  *)
(* are those of the exited ones that the remaining sids and pgids use.)    *)
(* RunRestartMatchesSteps (below) checks the two against each other.       *)

\* Steps i.. of steps against kernel k, up to the first that fails its check:
\* [k (the kernel after the last step that ran), illegal].
RECURSIVE KRunSteps(_, _, _)
KRunSteps(k, steps, i) ==
    IF i > Len(steps) THEN [k |-> k, illegal |-> NoIllegal]
    ELSE LET r == KStep(k, steps[i]) IN
         IF r.errno # "ok" THEN [k |-> k, illegal |-> IllegalStep(i, steps[i], r.errno)]
         ELSE KRunSteps(r.k, steps, i + 1)

\* The restore of the tasks ts of saved tree s in order: each reads its
\* records (RestoreTask), a zombie then exits with its status (ZombieExit).
RECURSIVE KRestoreAll(_, _, _)
KRestoreAll(k, s, ts) ==
    IF ts = << >> THEN k
    ELSE LET t == Head(ts)
             k1 == KRestore(k, t, s[t])
         IN KRestoreAll(IF s[t].zombie THEN KZombieExit(k1, t, s[t].code) ELSE k1, s, Tail(ts))

\* The tasks xs exit one after the other (GhostExit).
RECURSIVE KExitAll(_, _)
KExitAll(k, xs) == IF xs = << >> THEN k ELSE KExitAll(KExit(k, Head(xs)), Tail(xs))

\* The restart of saved tree s with plan p: [ok (it succeeded), refused (the
\* planner refused: Refuse), illegal (the first step that failed its check,
\* or the restore that found a saved task not alive: StepsAreLegal),
\* proc, held (the kernel at the end; after a failure, as the failing step
\* found it, before the cleanup)].
RunPlan(s, p) ==
    LET run == KRunSteps(EmptyKernel, p.steps, 1)
        bad == IF ~p.ok THEN NoIllegal
               ELSE IF run.illegal # NoIllegal THEN run.illegal
               ELSE IF \E t \in DOMAIN s : ~KAlive(run.k, t) THEN IllegalRestore(Len(p.steps) + 1)
               ELSE NoIllegal
        ok == p.ok /\ bad = NoIllegal
        restored == KRestoreAll(run.k, s, p.image)
        final == KExitAll(restored, SortSet({x \in DOMAIN restored.proc : p.kind[x] # "task"}))
        k == IF ok THEN final ELSE run.k
    IN [ok |-> ok, refused |-> ~p.ok, illegal |-> bad, proc |-> k.proc, held |-> k.held]

RunRestart(s) == RunPlan(s, Plan(s))

\* The round trip of saved tree s: the planner accepts it, every step is
\* legal, and the restored tree is s (as RestoredTreeEqualsSaved compares).
RoundTripWith(s, p) == LET r == RunPlan(s, p) IN r.ok /\ SameTree(r.proc, s)

RoundTripOf(s) == RoundTripWith(s, Plan(s))

\* The whole restart at once agrees with the stepwise one: a restart that
\* succeeded (in whichever order the temporaries exited, frozen or not:
\* freezing changes no task) left the kernel RunRestart computes, and one that ran an
\* illegal step (before any fault: a fault stops the steps) stopped at the
\* step RunRestart stops at.
RunRestartMatchesSteps ==
    /\ phase = "done" => LET r == RunRestart(saved) IN r.ok /\ r.proc = proc /\ r.held = held
    /\ illegal # NoIllegal => RunRestart(saved).illegal = illegal
=============================================================================
