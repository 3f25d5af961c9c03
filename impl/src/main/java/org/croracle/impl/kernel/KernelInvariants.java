package org.croracle.impl.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;


/**
 * The kernel's own invariants, checked after every step by the property tests and by a scenario's
 * {@code expect clean}. Each violation is one sentence naming the task, group or pid.
 */
public final class KernelInvariants {
    private KernelInvariants() {}

    /** Every object's reference count equals its holders (tasks, objects, paths); nothing refers to a freed object. */
    private static void referenceCounts(KernelState s, List<String> out) {
        Map<Integer, Integer> holders = new HashMap<>();
        Map<Integer, String> holderOf = new HashMap<>();
        for (Task t : s.tasks().values()) {
            for (int id : t.res().ids()) {
                holders.merge(id, 1, Integer::sum);
                holderOf.putIfAbsent(id, "task " + t.pid());
            }
        }
        s.objects().objects().forEach((id, o) -> o.references().forEach(r -> {
            holders.merge(r, 1, Integer::sum);
            holderOf.putIfAbsent(r, o.kind() + " " + id);
        }));
        s.paths().forEach((path, inode) -> {
            holders.merge(inode, 1, Integer::sum);
            holderOf.putIfAbsent(inode, "path " + path);
        });
        // A checkpoint call in progress holds its image and log files (fget until it returns).
        if (s.checkpoint() != null && s.checkpoint().refsHeld()) {
            s.checkpoint().ctxRefs().forEach((id, n) -> {
                holders.merge(id, n, Integer::sum);
                holderOf.putIfAbsent(id, "checkpoint call " + s.checkpoint().id());
            });
        }
        holders.forEach((id, n) -> {
            if (s.objects().get(id) == null) {
                out.add(holderOf.get(id) + " refers to object " + id + ", which was freed");
            }
        });
        s.objects().objects().forEach((id, o) -> {
            int held = holders.getOrDefault(id, 0);
            if (s.objects().refcount(id) != held) {
                out.add(o.kind() + " " + id + " has refcount " + s.objects().refcount(id) + " but " + held + " holders");
            }
        });
    }

    public static List<String> violations(KernelState s) {
        List<String> out = new ArrayList<>();
        Map<Integer, Integer> sessionOfGroup = new HashMap<>();
        for (Task t : s.tasks().values()) {
            Integer sid = sessionOfGroup.putIfAbsent(t.pgid(), t.sid());
            if (sid != null && sid != t.sid()) {
                out.add("process group " + t.pgid() + " spans sessions " + sid + " and " + t.sid());
            }
            if (t.isSessionLeader() && t.pgid() != t.pid()) {
                out.add("session leader " + t.pid() + " is in group " + t.pgid() + ", not its own");
            }
            if (!t.isZombie() && t.ppid() != 0) {
                Task p = s.tasks().get(t.ppid());
                if (p == null || p.isZombie()) {
                    out.add("live task " + t.pid() + " has no live parent (" + t.ppid() + ")");
                }
            }
            if (t.isZombie() && !s.tasks().containsKey(t.ppid()) && t.ppid() != 0) {
                out.add("zombie " + t.pid() + " has no parent to reap it");
            }
            if (!s.namespaces().containsKey(t.ns())) {
                out.add("task " + t.pid() + " lives in a namespace that does not exist");
            }
        }
        for (PidNamespace n : s.namespaces().values()) {
            Set<Integer> expected = new TreeSet<>();
            Set<Integer> seen = new HashSet<>();
            for (Task t : s.tasks().values()) {
                if (s.within(t.ns(), n.id())) {
                    int pid = t.pidAt(n.level());
                    if (!seen.add(pid)) {
                        out.add("pid " + pid + " is used twice in namespace " + n.id());
                    }
                    expected.add(pid);
                }
            }
            s.lingeringPids().forEach((global, g) -> {
                if (n.level() < g.chain().size() && g.chain().get(n.level()) == n.id()) {
                    expected.add(g.pids().get(n.level()));
                }
            });
            if (!expected.equals(s.pidmaps().get(n.id()))) {
                out.add("pidmap of namespace " + n.id() + " is " + s.pidmaps().get(n.id())
                        + " but its tasks and anchored pids are " + expected);
            }
        }
        s.lingeringPids().keySet().forEach(g -> {
            if (!s.anchors(g)) {
                out.add("pid " + g + " of a reaped task is still allocated though no session or group uses it");
            }
        });
        referenceCounts(s, out);
        for (Cgroup cg : s.cgroups().values()) {
            boolean allFrozen = s.members(cg.name()).stream().filter(t -> !t.isZombie())
                    .allMatch(t -> t.state() == RunState.FROZEN);
            if ((cg.state() == FreezerState.FROZEN || cg.state() == FreezerState.CHECKPOINTING) && !allFrozen) {
                out.add("cgroup " + cg.name() + " is " + cg.state() + " but a task of it is not frozen");
            }
        }
        return out;
    }
}
