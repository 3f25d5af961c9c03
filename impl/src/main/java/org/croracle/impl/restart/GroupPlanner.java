package org.croracle.impl.restart;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.croracle.impl.kernel.PlanNode;
import org.croracle.impl.kernel.PlanStep;

/**
 * G1: would-be leaders make their groups (and keepers for those who will leave); G2: members
 * join; G3: leaders move. A task already in its group (inherited at creation) takes no step.
 * The steps are restore_task's in-kernel pgid restore, not setpgid(2): linux-cr names the group
 * by its pid in the restart's container namespace, so a task of a nested namespace can join a
 * group whose id has no number in its own (setpgid(2) could not: ./cr run --on-linux).
 */
final class GroupPlanner {
    /** Every task of the plan by container pid, the temporary ones included; its keepers join it. */
    private final PlanNodes nodes;
    private final TemporaryPids temporaryPids;
    /** session -> a task or ghost of it at level 0 (made on first use). */
    private Map<Integer, PlanNode> outerTasks;

    /** leader -> its threads. */
    private final IntKeyMap<List<PlanNode>> threadsOf = new IntKeyMap<>(16);

    GroupPlanner(PlanNodes nodes, TemporaryPids temporaryPids) {
        this.nodes = nodes;
        this.temporaryPids = temporaryPids;
        nodes.values().stream().filter(PlanNode::thread)
                .forEach(t -> threadsOf.computeIfAbsent(t.tgid(), k -> new ArrayList<>()).add(t));
    }

    /** Appends the group steps to the creation steps, or refuses the tree. */
    void plan(List<PlanStep> steps) throws Refused {
        IntIntMap group = groupsAfterCreation(steps);
        Set<Integer> groupIds = new TreeSet<>();
        nodes.values().forEach(n -> {
            if (n.pgid() != 0 && n.kind() != PlanNode.Kind.PLACEHOLDER) {
                groupIds.add(n.pgid());
            }
        });
        List<PlanNode> moved = new ArrayList<>();
        BitSet movedPids = new BitSet();
        for (int g : groupIds) {
            PlanNode leader = nodes.get(g);
            if (!leader.sessionLeader()) {
                setpgid(steps, group, g, g);
            }
            if (leader.pgid() != g) {
                moved.add(leader);
                movedPids.set(leader.pid());
                // The keeper lives in the container's namespace when it can: made by the leader,
                // or else by a task of the session there, it joins g in the kernel. Made inside a
                // nested namespace it would die with that namespace's init, which may be a saved
                // zombie that exits on its turn, before the keepers do.
                PlanNode maker = leader.level() == 0 ? leader : outerTaskOf(leader.sid()).orElse(leader);
                List<Integer> pids = temporaryPids.upTo(maker.level());
                PlanNode keeper = new PlanNode(pids.get(0), pids, maker.pid(), leader.sid(), g, PlanNode.Kind.KEEPER,
                        false, false, -1);
                nodes.put(keeper);
                steps.add(PlanStep.create(maker.pid(), keeper.pid(), false, false, pids));
                group.put(keeper.pid(), group.get(maker.pid(), -1));
                setpgid(steps, group, keeper.pid(), g);
            }
        }
        for (PlanNode n : List.copyOf(nodes.values())) {
            boolean member = (n.kind() == PlanNode.Kind.TASK || n.kind() == PlanNode.Kind.GHOST_GROUP)
                    && !n.sessionLeader() && n.pgid() != 0 && n.pgid() != n.pid() && !n.thread();
            if (member && !movedPids.get(n.pid())) {
                setpgid(steps, group, n.pid(), n.pgid());
            }
        }
        for (PlanNode n : moved) {
            if (n.pgid() != 0) {
                setpgid(steps, group, n.pid(), n.pgid());
            }
        }
        checkGroups(group);
    }

    /** A task or ghost of session sid in the container's own namespace (level 0), if there is one. */
    private Optional<PlanNode> outerTaskOf(int sid) {
        if (outerTasks == null) {
            outerTasks = new HashMap<>();
            for (PlanNode n : nodes.values()) {
                if (n.level() == 0 && (n.kind() == PlanNode.Kind.TASK || n.kind() == PlanNode.Kind.GHOST_SESSION
                        || n.kind() == PlanNode.Kind.GHOST_GROUP)) {
                    outerTasks.putIfAbsent(n.sid(), n);
                }
            }
        }
        return Optional.ofNullable(outerTasks.get(sid));
    }

    /**
     * The group step for x into g, unless x is in g already. x leads its thread group, whose
     * threads take no step of their own: the pgid is the group's, so they move with x.
     */
    private void setpgid(List<PlanStep> steps, IntIntMap group, int x, int g) {
        if (group.get(x, -1) != g) {
            steps.add(PlanStep.setpgid(x, g));
            group.put(x, g);
            for (PlanNode t : threadsOf.getOrDefault(x, List.of())) {
                group.put(t.pid(), g);
            }
        }
    }

    /** Every node ends in its saved group (the restarter's, -1, for pgid 0), or the plan is refused. */
    private void checkGroups(IntIntMap group) throws Refused {
        for (PlanNode n : nodes.values()) {
            if (n.kind() == PlanNode.Kind.PLACEHOLDER) {
                continue;
            }
            int want = n.pgid() == 0 ? -1 : n.pgid();
            int has = group.get(n.pid(), -1);
            if (want != has) {
                throw new Refused("task " + n.pid() + " would end in process group " + (has == -1 ? "of the restarter" : has)
                        + ", not " + (want == -1 ? "the restarter's" : want) + ", and cannot move there");
            }
        }
    }

    /**
     * Each node's group once the creation steps ran: a new task is in its creator's group (also
     * with CLONE_PARENT: copy_process copies the caller's), setsid makes a group of its own; the
     * restarter's group (outside the container) is -1. A group belongs to a thread group: a setsid
     * moves the caller's threads too.
     */
    private IntIntMap groupsAfterCreation(List<PlanStep> steps) {
        IntIntMap group = new IntIntMap(steps.size());
        for (PlanStep st : steps) {
            switch (st.op()) {
                case CREATE -> group.put(st.node(), st.actor() == 0 ? -1 : group.get(st.actor(), -1));
                case SETSID -> {
                    group.put(st.node(), st.node());
                    for (PlanNode t : threadsOf.getOrDefault(st.node(), List.of())) {
                        if (group.containsKey(t.pid())) {
                            group.put(t.pid(), st.node()); // a thread born before it moves too
                        }
                    }
                }
                case SETPGID -> group.put(st.node(), st.pgid());
                default -> { }
            }
        }
        return group;
    }
}
