package org.croracle.impl.restart;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

import org.croracle.impl.kernel.PlanNode;
import org.croracle.impl.kernel.PlanStep;

/**
 * Sessions and creations: which task creates which (rules R1..R5 of {@link Planner}), when
 * (before or after its creator's setsid) and at which pids, with the ghosts of dead session and
 * group leaders and the placeholders that hand orphans to their reapers; then the creation steps,
 * depth first from the root.
 */
final class CreationPlanner {
    /** Every task of the plan by container pid; ghosts and placeholders join it. */
    private final PlanNodes nodes;
    private final TemporaryPids temporaryPids;
    private final BirthOrder births;
    private final int root;
    private final IntIntMap creator;
    /** The tasks created with CLONE_PARENT (R3). */
    private final BitSet cloneParent = new BitSet();
    /** R2: the tasks born before their creator's setsid. */
    private final BitSet early = new BitSet();
    /** Leaders that must be born in a session (so as to create a child of it before their setsid). */
    private final IntKeyMap<Integer> birthSession = new IntKeyMap<>(16);
    /** pid -> its children in the image (by saved parent). */
    private final IntKeyMap<List<PlanNode>> childrenOf;
    /** session -> its tasks. */
    private final IntKeyMap<List<PlanNode>> membersOf = new IntKeyMap<>(16);
    /** creator -> the tasks it creates, by pid (made once the creators are known). */
    private final IntKeyMap<List<Integer>> creations;
    /** R5: relocated leader -> the placeholder below the adopter of its member that creates it. */
    private final IntKeyMap<Integer> relocatedUnder = new IntKeyMap<>(16);
    /** What the task being expanded does, in order (one list for every task: emptied after each). */
    private final List<Runnable> expanding = new ArrayList<>();
    /** Adopters of R4 orphans other than an init: their flag is set around each placeholder's exit. */
    private final BitSet adopters = new BitSet();
    /** The tasks the plan creates so far (every node must be among them in the end). */
    private final BitSet created = new BitSet();
    /** R4: placeholder -> the reaper that must adopt what it creates. */
    private final IntKeyMap<Integer> adoptedBy = new IntKeyMap<>(16);

    CreationPlanner(PlanNodes nodes, TemporaryPids temporaryPids, BirthOrder births, int root) {
        this.nodes = nodes;
        this.temporaryPids = temporaryPids;
        this.births = births;
        this.root = root;
        creator = new IntIntMap(nodes.size());
        childrenOf = new IntKeyMap<>(nodes.size());
        creations = new IntKeyMap<>(nodes.size());
    }

    /** The creation steps of every task and ghost, the root's first, or why the tree cannot be created. */
    List<PlanStep> plan() throws Refused {
        addGhosts();
        // about one step per task; the group steps follow
        List<PlanStep> steps = new ArrayList<>(nodes.size() + nodes.size() / 8 + 16);
        // Leaders first: their creator is their parent; then everyone else by R1..R4.
        for (PlanNode n : List.copyOf(nodes.values())) {
            if (n.pid() != root && n.sessionLeader()) {
                creator.put(n.pid(), n.parent());
            }
        }
        for (PlanNode n : List.copyOf(nodes.values())) {
            if (n.thread()) {
                // user-cr's TASK_THREAD: the leader creates it with CLONE_THREAD after its own setsid,
                // so that it is born with the group's parent and session.
                creator.put(n.pid(), n.tgid());
            } else if (n.pid() != root && !n.sessionLeader()) {
                assignCreator(n);
            }
        }
        for (int x : nodes.pids()) { // every task with a creator is a node: each creator's list comes in pid order
            if (creator.containsKey(x)) {
                creations.computeIfAbsent(creator.get(x), k -> new ArrayList<>()).add(x);
            }
        }
        steps.add(PlanStep.create(0, root, false, true, List.of()));
        created.set(root);
        emit(root, steps);
        for (int n : nodes.pids()) {
            if (!created.get(n)) {
                throw new Refused("task " + n + " cannot be created: its creators (" + (creator.containsKey(n) ? creator.get(n) : null)
                        + ", ...) wait for each other");
            }
        }
        return steps;
    }

    /** A ghost for every session and group id whose leader is dead (reaped). */
    private void addGhosts() {
        BitSet sids = new BitSet();
        BitSet pgids = new BitSet();
        IntKeyMap<Integer> sessionOfGroup = new IntKeyMap<>(16);
        nodes.values().forEach(n -> {
            childrenOf.computeIfAbsent(n.parent(), k -> new ArrayList<>()).add(n);
            if (n.sid() != 0) {
                sids.set(n.sid());
                membersOf.computeIfAbsent(n.sid(), k -> new ArrayList<>()).add(n);
            }
            if (n.pgid() != 0) {
                pgids.set(n.pgid());
                if (!sessionOfGroup.containsKey(n.pgid())) {
                    sessionOfGroup.put(n.pgid(), n.sid());
                }
            }
        });
        List<Integer> ghostSessions = new ArrayList<>();
        for (int s = sids.nextSetBit(0); s >= 0; s = sids.nextSetBit(s + 1)) {
            if (!nodes.contains(s)) {
                nodes.put(new PlanNode(s, List.of(s), ghostSessionParent(s), s, s, PlanNode.Kind.GHOST_SESSION,
                        false, false, -1));
                temporaryPids.taken(0, s);
                ghostSessions.add(s);
            }
        }
        List<Integer> ghostGroups = new ArrayList<>();
        for (int g = pgids.nextSetBit(0); g >= 0; g = pgids.nextSetBit(g + 1)) {
            if (!nodes.contains(g)) {
                int sid = sessionOfGroup.get(g);
                nodes.put(new PlanNode(g, List.of(g), sid != 0 ? sid : root, sid, g, PlanNode.Kind.GHOST_GROUP,
                        false, false, -1));
                temporaryPids.taken(0, g);
                ghostGroups.add(g);
            }
        }
        ghostSessions.forEach(this::placeInParentsNamespace);
        ghostGroups.forEach(this::placeInParentsNamespace);
    }

    /**
     * A ghost lives in its parent's namespace. The image keeps a dead leader's pid in the
     * container's namespace only (sids and pgids are saved as the root sees them), so its pids
     * in deeper namespaces are fresh ones: nothing in the restored tree can tell them apart.
     */
    private void placeInParentsNamespace(int ghost) {
        PlanNode g = nodes.get(ghost);
        PlanNode p = nodes.get(g.parent());
        if (p.level() == 0) {
            return;
        }
        List<Integer> pids = new ArrayList<>(g.pids());
        for (int level = 1; level <= p.level(); level++) {
            pids.add(temporaryPids.next(level));
        }
        nodes.put(new PlanNode(g.pid(), pids, g.parent(), g.sid(), g.pgid(), g.kind(), false, false, -1));
    }

    /**
     * The parent of a ghost session leader g(s). A member m of s that no task of s creates as
     * its parent's child (R1) needs a task of s near its parent: its parent P0 creates it before
     * P0's setsid if P0 is a leader born in s (R2), which needs the same of P0's parent P1, and so
     * on up to the first task that leads no session. Each of these candidates is served by the
     * ghost as the candidate's child (R3, CLONE_PARENT) or anywhere below it (R4, a placeholder
     * that the candidate adopts). So the ghost becomes the child of the deepest candidate that
     * lies below the topmost candidate of every member (in a tree Linux built they lie on one line
     * of ancestors: every task of s was born below the dead leader's parent of the time, and
     * adoption only moves a task up); if there is none, the root.
     */
    private int ghostSessionParent(int s) {
        List<List<PlanNode>> chains = new ArrayList<>();
        for (PlanNode m : membersOf.getOrDefault(s, List.of())) {
            if (m.pid() == root || m.sessionLeader()) {
                continue;
            }
            List<PlanNode> chain = new ArrayList<>();
            for (PlanNode p = nodes.get(m.parent()); p != null; p = nodes.get(p.parent())) {
                if (!p.sessionLeader() && p.sid() == s) {
                    chain = null; // R1 from here
                    break;
                }
                chain.add(p);
                PlanNode owner = sessionOwner(p);
                if (owner != p) {
                    // a thread of a session leader: it creates m before its leader's setsid if
                    // the leader is born in s, as a leader's child would be (the chain goes on
                    // from the leader's parent)
                    p = owner;
                    continue;
                }
                if (!p.sessionLeader() || p.pid() == root) {
                    break;
                }
            }
            if (chain != null && !chain.isEmpty() && !chains.contains(chain)) {
                chains.add(chain); // members with one parent share a chain
            }
        }
        // the candidate that needs the fewest leaders born in s, none of which must also be born
        // elsewhere (a leader with a child of a third session born before its setsid); the deepest
        // one of those
        PlanNode best = null;
        int bestCost = Integer.MAX_VALUE;
        int bestDepth = -1;
        for (List<PlanNode> chain : chains) {
            for (PlanNode c : chain) {
                int cost = 0;
                for (List<PlanNode> ch : chains) {
                    int i = servedAt(c, ch);
                    for (int j = 0; i >= 0 && j < i; j++) {
                        i = bornElsewhere(ch.get(j), s) ? -1 : i;
                    }
                    cost = i < 0 || cost == Integer.MAX_VALUE ? Integer.MAX_VALUE : cost + i;
                }
                int depth = depth(c);
                if (cost < bestCost || cost == bestCost && cost != Integer.MAX_VALUE && depth > bestDepth) {
                    best = c;
                    bestCost = cost;
                    bestDepth = depth;
                }
            }
        }
        return best != null && bestCost != Integer.MAX_VALUE ? best.pid() : root;
    }

    /**
     * Where a ghost that is c's child serves a member with this chain of candidates: the index of
     * c in it (R3 there), or of the first candidate above c that adopts a placeholder below c (R4:
     * no namespace's init on the way up, c included, since that init would take the orphan); -1 if
     * none. The candidates below that index are leaders that must be born in the ghost's session.
     * A leader whose thread stands in the chain, or lies on the way up, creates the ghost's parent:
     * the ghost cannot be the reason it is born in the session (-1).
     */
    private int servedAt(PlanNode c, List<PlanNode> chain) {
        PlanNode first = chain.get(0);
        PlanNode threadsLeader = sessionOwner(first) != first ? sessionOwner(first) : null;
        for (PlanNode q = c; q != null; q = reaperUp(q)) {
            int i = chain.indexOf(q);
            if (i >= 0) {
                return i;
            }
            if (q.pid() == root || q.nsInit() || q == threadsLeader
                    || q.thread() && reaperUp(q).pid() != q.tgid() && chain.contains(nodes.get(q.tgid()))) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Leader l has a child born before its setsid in a session t other than s, so l cannot be born
     * in s: a child of t that t's leader, l's child too, cannot create with CLONE_PARENT (R3).
     */
    private boolean bornElsewhere(PlanNode l, int s) {
        for (PlanNode y : childrenOf.getOrDefault(l.pid(), List.of())) {
            PlanNode t = nodes.get(y.sid());
            boolean sibling = t != null && t.parent() == l.pid() && !t.nsInit();
            if (!y.sessionLeader() && y.sid() != l.pid() && y.sid() != s && !sibling) {
                return true;
            }
        }
        return false;
    }

    private int depth(PlanNode n) {
        int d = 0;
        for (PlanNode q = n; q != null && q.pid() != root; q = nodes.get(q.parent())) {
            d++;
        }
        return d;
    }

    private void assignCreator(PlanNode x) throws Refused {
        int s = x.sid();
        PlanNode p = nodes.get(x.parent());
        if (p == null) {
            throw new Refused("task " + x.pid() + ": its parent " + x.parent() + " is not in the image");
        }
        if (p.pid() == s || !p.sessionLeader() && p.sid() == s) { // R1
            creator.put(x.pid(), p.pid());
            return;
        }
        PlanNode group = p.thread() ? nodes.get(p.tgid()) : null;
        if (group != null && group.sessionLeader() && canBeBornIn(group, s)) {
            // R2 for a thread: born before its group's setsid, so its thread must exist before the
            // leader's setsid too (the setsid moves the whole group); the thread's other children
            // wait for that setsid
            creator.put(x.pid(), p.pid());
            early.set(x.pid());
            early.set(p.pid());
            requireBirthSession(group, s, x);
            return;
        }
        if (p.sessionLeader() && canBeBornIn(p, s)) { // R2
            creator.put(x.pid(), p.pid());
            early.set(x.pid());
            requireBirthSession(p, s, x);
            return;
        }
        PlanNode leader = nodes.get(s);
        if (leader != null && leader.parent() == p.pid() && !leader.nsInit() && leader.pid() != root) { // R3
            creator.put(x.pid(), leader.pid());
            cloneParent.set(x.pid());
            return;
        }
        PlanNode l = s == 0 ? null : leader;
        if (l != null && l.pid() != x.pid() && !adoptable(l, p) && relocatable(l, p)) {
            relocate(l, p); // R5, then R4 below
        }
        if (l != null && l.pid() != x.pid() && adoptable(l, p)) { // R4
            orphanOf(l, x, p);
            return;
        }
        throw new Refused("task " + x.pid() + " (session " + s + ") cannot be created: its parent " + p.pid()
                + " is in session " + p.sid() + ", and no task of session " + s + " is its sibling");
    }

    /**
     * Whether p is l or one of its ancestors (by final parents; a thread's leader, which creates
     * it and has the same parent, counts as its ancestor).
     */
    private boolean descends(PlanNode l, PlanNode p) {
        for (PlanNode q = l; q != null; q = nodes.get(q.thread() ? q.tgid() : q.parent())) {
            if (q.pid() == p.pid()) {
                return true;
            }
        }
        return false;
    }

    /**
     * R4: whether a placeholder that {@code l} creates hands its orphan to {@code p} when it exits:
     * p lies above l in the same pid namespace (find_new_reaper looks no further than the
     * namespace's init), and during the creation no subreaper flag is set but the one the plan sets
     * on p just for that exit (every final flag is restored later, by restore_task). So p need not
     * be a subreaper in the image: it may have cleared its flag after the adoption.
     */
    private boolean adoptable(PlanNode l, PlanNode p) {
        for (PlanNode q = l; q != null; q = upDuringCreation(q)) {
            if (q.pid() == p.pid()) {
                return q.pid() != l.pid();
            }
            if (q.pid() == root || q.nsInit()) {
                return false; // that init would take the orphan
            }
        }
        return false;
    }

    /**
     * Where find_new_reaper looks after q while the tree is being created: a relocated leader's
     * placeholder, else its parent; for a thread of a namespace's init, whose parent lies outside
     * that namespace, the init.
     */
    private PlanNode upDuringCreation(PlanNode q) {
        Integer z = relocatedUnder.get(q.pid());
        return z != null ? nodes.get(z) : reaperUp(q);
    }

    /** Where find_new_reaper looks after q: its parent, or for a thread of a namespace's init, that init. */
    private PlanNode reaperUp(PlanNode q) {
        PlanNode leader = q.thread() ? nodes.get(q.tgid()) : null;
        if (leader != null && (leader.pid() == root || leader.nsInit())) {
            return leader;
        }
        return nodes.get(q.parent());
    }

    /**
     * R5: session leader l, whose member's parent p it does not lie below, can be created below p
     * instead, through a placeholder that p makes and that exits once l's whole subtree exists (its
     * members' placeholders have exited by then), handing l to its own parent: a leader moved away
     * from under the task that adopted its member when an ancestor of its died. Only a leader
     * created by its parent and then calling setsid (no child born before its setsid, so its birth
     * session does not matter), in p's namespace, whose parent p lies below.
     */
    private boolean relocatable(PlanNode l, PlanNode p) {
        PlanNode pl = nodes.get(l.parent());
        if (l.kind() != PlanNode.Kind.TASK || l.pid() == root || l.nsInit() || !l.sessionLeader() || pl == null
                || relocatedUnder.containsKey(l.pid()) || l.level() != p.level() || descends(p, l)
                || !creator.containsKey(l.pid()) || creator.get(l.pid()) != l.parent() || cloneParent.get(l.pid())
                || birthSession.containsKey(l.pid())) {
            return false;
        }
        for (PlanNode y : childrenOf.getOrDefault(l.pid(), List.of())) {
            if (!y.sessionLeader() && y.sid() != l.pid()) {
                return false; // born before l's setsid: l's birth session matters
            }
        }
        return adoptable(p, pl);
    }

    private void relocate(PlanNode l, PlanNode p) {
        PlanNode y = placeholder(p);
        creator.put(y.pid(), p.pid());
        creator.put(l.pid(), y.pid());
        adoptedBy.put(y.pid(), l.parent());
        if (l.parent() != root && !nodes.get(l.parent()).nsInit()) {
            adopters.set(l.parent());
        }
        relocatedUnder.put(l.pid(), y.pid());
    }

    /** R4: l creates a placeholder that creates x and exits, so that x goes to p. */
    private void orphanOf(PlanNode l, PlanNode x, PlanNode p) {
        PlanNode z = placeholder(l);
        creator.put(z.pid(), l.pid());
        creator.put(x.pid(), z.pid());
        adoptedBy.put(z.pid(), p.pid());
        if (p.pid() != root && !p.nsInit()) {
            adopters.set(p.pid());
        }
    }

    private PlanNode placeholder(PlanNode creatorNode) {
        List<Integer> pids = temporaryPids.upTo(creatorNode.level());
        // it is created by its session's leader after that leader's setsid, so it is in that session
        PlanNode z = new PlanNode(pids.get(0), pids, creatorNode.pid(), creatorNode.sid(), creatorNode.pgid(),
                PlanNode.Kind.PLACEHOLDER, false, false, -1);
        nodes.put(z);
        return z;
    }

    /**
     * Whether leader p can be born in session s: created by its parent while the parent is in s
     * (a member of s, s's leader after its setsid, or a leader itself born in s, before its
     * setsid), by s's leader with CLONE_PARENT if that leader is p's sibling, or through a
     * placeholder of s's leader that p's parent adopts (R4; the leader must not lie below p).
     */
    private boolean canBeBornIn(PlanNode p, int s) {
        // A task whose parent is a leader not of s can be born in s if that parent can, else if a
        // sibling or adopting leader of s creates it: the answer comes from the topmost such
        // parent down. Walked with a list, not the thread's stack: the leaders may nest deep.
        List<PlanNode> below = new ArrayList<>();
        boolean can;
        for (PlanNode q = p; ; ) {
            if (q.pid() == root) {
                can = s == 0;
                break;
            }
            Integer had = birthSession.get(q.pid());
            if (had != null) {
                can = had == s;
                break;
            }
            PlanNode c = sessionOwner(nodes.get(q.parent()));
            if (!c.sessionLeader() ? c.sid() == s : c.pid() == s) {
                can = true;
                break;
            }
            if (!c.sessionLeader()) {
                can = siblingLeader(q, s) != null || adoptingLeader(q, s) != null;
                break;
            }
            below.add(q);
            q = c;
        }
        for (int i = below.size() - 1; i >= 0 && !can; i--) {
            can = siblingLeader(below.get(i), s) != null || adoptingLeader(below.get(i), s) != null;
        }
        return can;
    }

    /**
     * Whose setsid decides c's session: its leader's for a thread of a session leader (setsid
     * moves the whole thread group, so the thread is in its leader's old session until then),
     * else c's own.
     */
    private PlanNode sessionOwner(PlanNode c) {
        PlanNode leader = c.thread() ? nodes.get(c.tgid()) : null;
        // the root's too: a root that keeps the restarter's session for a while (an init that
        // calls setsid late) may have a thread whose children are born in that session before it
        return leader != null && leader.sessionLeader() ? leader : c;
    }

    /** s's leader if a placeholder it creates can hand p to p's parent (R4 for p itself). */
    private PlanNode adoptingLeader(PlanNode p, int s) {
        PlanNode l = nodes.get(s);
        PlanNode c = nodes.get(p.parent());
        return l != null && c != null && l.pid() != p.pid() && !descends(l, p) && adoptable(l, c) ? l : null;
    }

    /** s's leader if it is p's sibling and may create with CLONE_PARENT (R3 for p itself). */
    private PlanNode siblingLeader(PlanNode p, int s) {
        PlanNode l = nodes.get(s);
        return l != null && l.pid() != p.pid() && l.parent() == p.parent() && !l.nsInit() && l.pid() != root ? l : null;
    }

    /** Leader p must be born in session s (so that it can create {@code why} before its setsid). */
    private void requireBirthSession(PlanNode task, int s, PlanNode why) throws Refused {
        // A leader that must be born in s may need its own parent, a leader too, born in s: a loop
        // up the leaders, not a recursion (they may nest deep).
        for (PlanNode p = task; ; ) {
            if (p.pid() == root) {
                if (s != 0) {
                    throw new Refused("task " + why.pid() + " is in session " + s + ", born before its parent " + p.pid()
                            + " (the root) called setsid, but the root was born in the restarter's session");
                }
                return;
            }
            Integer had = birthSession.get(p.pid());
            if (had == null) {
                birthSession.put(p.pid(), s);
            }
            if (had != null) {
                if (had != s) {
                    throw new Refused("task " + p.pid() + " would have to be born in sessions " + had + " and " + s);
                }
                return;
            }
            PlanNode parent = nodes.get(p.parent());
            PlanNode c = sessionOwner(parent);
            if (!c.sessionLeader() && c.sid() == s || c.sessionLeader() && c.pid() == s) {
                return; // its parent creates it while in s (after its setsid if it leads s)
            }
            if (c.sessionLeader() && canBeBornIn(c, s)) {
                early.set(p.pid());
                if (parent != c) {
                    early.set(parent.pid()); // a thread parent: born before its leader's setsid too
                }
                p = c;
                continue;
            }
            PlanNode l = siblingLeader(p, s);
            if (l != null) {
                creator.put(p.pid(), l.pid());
                cloneParent.set(p.pid());
                return;
            }
            l = adoptingLeader(p, s);
            if (l == null) {
                throw new Refused("task " + why.pid() + " is in session " + s + ", born before its parent "
                        + p.pid() + " called setsid, but " + p.pid() + " cannot be born in session " + s);
            }
            orphanOf(l, p, c);
            return;
        }
    }

    /**
     * The creation steps of everything {@code root} creates, before and after its setsid, depth
     * first. The pending work is a stack of its own, not the thread's: a saved tree may be a chain
     * of 100,000 tasks, each created by the one before.
     */
    private void emit(int root, List<PlanStep> steps) {
        Deque<Runnable> work = new ArrayDeque<>();
        work.push(() -> expand(root, steps, work));
        while (!work.isEmpty()) {
            work.pop().run();
        }
    }

    /**
     * What {@code c} does, in order: the creations before its setsid, the setsid, the creations
     * after; then, for a leader, those its threads born before that setsid make after it (a
     * thread born before its group's setsid makes only its early children when it is born).
     */
    private void expand(int c, List<PlanStep> steps, Deque<Runnable> work) {
        PlanNode cn = nodes.get(c);
        List<Integer> mine = creations.getOrDefault(c, List.of());
        List<Runnable> inOrder = expanding; // consumed below, before any other expand runs
        inOrder.clear();
        // indexed loops: an iterator per loop per task was most of what planning allocated here
        for (int i = 0; i < mine.size(); i++) {
            int x = mine.get(i);
            if (births.createdBeforeSetsid(early.get(x))) {
                inOrder.add(() -> create(cn, x, steps, work));
            }
        }
        if (cn.sessionLeader()) {
            inOrder.add(() -> steps.add(PlanStep.setsid(c)));
        }
        boolean earlyThread = cn.thread() && early.get(c) && nodes.get(cn.tgid()).sessionLeader();
        for (int i = 0; i < mine.size(); i++) {
            int x = mine.get(i);
            if (!births.createdBeforeSetsid(early.get(x)) && !earlyThread) {
                inOrder.add(() -> create(cn, x, steps, work));
            }
        }
        for (int i = 0; i < mine.size() && cn.sessionLeader(); i++) {
            int t = mine.get(i);
            PlanNode tn = early.get(t) ? nodes.get(t) : null; // the flag first: most tasks are not early
            if (tn != null && tn.thread()) {
                for (int x : creations.getOrDefault(t, List.of())) {
                    if (!births.createdBeforeSetsid(early.get(x))) {
                        inOrder.add(() -> create(tn, x, steps, work));
                    }
                }
            }
        }
        for (int i = inOrder.size() - 1; i >= 0; i--) {
            work.push(inOrder.get(i));
        }
        inOrder.clear();
    }

    /** x's creation; then (pushed above what follows it) everything x creates; then, for a placeholder, its exit. */
    private void create(PlanNode c, int x, List<PlanStep> steps, Deque<Runnable> work) {
        PlanNode xn = nodes.get(x);
        boolean newPid = xn.level() > c.level();
        // the whole vector when the creator sees all of it (nearly always): a sublist would be copied again by the step
        List<Integer> pids = c.level() + 1 >= xn.pids().size() ? xn.pids() : xn.pids().subList(0, c.level() + 1);
        steps.add(xn.thread() ? PlanStep.createThread(c.pid(), x, pids)
                : PlanStep.create(c.pid(), x, cloneParent.get(x), newPid, pids));
        created.set(x);
        if (xn.kind() == PlanNode.Kind.PLACEHOLDER) {
            work.push(() -> placeholderExits(c, x, steps));
        }
        work.push(() -> expand(x, steps, work));
    }

    /**
     * A placeholder's orphan exists: it exits and the orphan is adopted by the reaper, whose
     * subreaper flag is on just for that moment (so that no other adopter is in the way), and its
     * creator reaps it. Every final subreaper flag is set when its task restores.
     */
    private void placeholderExits(PlanNode c, int x, List<PlanStep> steps) {
        int reaper = adoptedBy.get(x);
        boolean flag = adopters.get(reaper);
        if (flag) {
            steps.add(PlanStep.subreaper(reaper, true));
        }
        steps.add(PlanStep.exit(x));
        steps.add(PlanStep.waitFor(c.pid(), x));
        if (flag) {
            steps.add(PlanStep.subreaper(reaper, false));
        }
    }
}
