package org.croracle.oracle.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Task;
import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;

/** Process trees from a kernel state or from a spec's abstract state. */
public final class ProcessTrees {
    private ProcessTrees() {}

    /** The fields a spec's task record may name its parent by (Eclone, Restart: parent; saved trees: ppid). */
    private static final List<String> PARENT_FIELDS = List.of("parent", "ppid");
    /** The fields worth a line of a task's label, in this order. */
    private static final List<String> SHOWN_FIELDS = List.of("pids", "ns", "level", "init", "sid", "pgid", "state", "zombie", "code");

    /**
     * The kernel's tasks, named by their scenario labels ({@code names}: global pid to label);
     * {@code touched} are drawn bold.
     */
    public static ProcessTree kernel(String title, KernelState state, Map<Integer, String> names, Set<Integer> touched) {
        List<ProcessTree.Node> nodes = new ArrayList<>();
        for (Task t : state.tasks().values()) {
            List<String> label = new ArrayList<>();
            label.add(names.getOrDefault(t.pid(), "?") + " [" + t.pid() + "]");
            label.add("pids " + t.pids());
            label.add("sid " + t.sid() + " pgid " + t.pgid());
            String run = t.isZombie() ? "zombie " + t.exit() : t.state().name().toLowerCase();
            label.add(Cgroup.ROOT.equals(t.cgroup()) ? run : run + ", cgroup " + t.cgroup());
            String parent = state.tasks().containsKey(t.ppid()) ? Integer.toString(t.ppid()) : null;
            nodes.add(new ProcessTree.Node("", Integer.toString(t.pid()), parent, label, t.isZombie(),
                    touched.contains(t.pid())));
        }
        return new ProcessTree(title, nodes);
    }

    /**
     * The trees of an abstract state: every variable that maps tasks to records naming a parent
     * (a {@code parent} or {@code ppid} field) is one tree. Empty when the spec's state has none
     * (Freeze knows only each task's freezer state). A task is drawn bold when a field of
     * {@code changed} lies in its record ({@code task[3].state}).
     */
    public static Optional<ProcessTree> abstractState(String title, Map<String, TlaValue> state, Set<String> changed) {
        List<ProcessTree.Node> nodes = new ArrayList<>();
        for (Map.Entry<String, TlaValue> var : state.entrySet()) {
            Map<TlaValue, TlaValue.Record> tasks = taskRecords(var.getValue());
            if (tasks == null) {
                continue;
            }
            for (Map.Entry<TlaValue, TlaValue.Record> t : tasks.entrySet()) {
                String id = TlaValues.format(t.getKey());
                TlaValue.Record r = t.getValue();
                TlaValue parent = PARENT_FIELDS.stream().map(f -> r.fields().get(f)).filter(v -> v != null)
                        .findFirst().orElse(null);
                List<String> label = new ArrayList<>();
                label.add(var.getKey() + "[" + id + "]");
                for (String f : SHOWN_FIELDS) {
                    TlaValue v = r.fields().get(f);
                    if (v != null) {
                        label.add(f + " " + TlaValues.format(v));
                    }
                }
                String prefix = var.getKey() + "[" + id + "]";
                boolean touched = changed.stream().anyMatch(c -> c.equals(prefix) || c.startsWith(prefix + "."));
                String parentId = parent == null || !tasks.containsKey(parent) || parent.equals(t.getKey())
                        ? null : TlaValues.format(parent);
                nodes.add(new ProcessTree.Node(var.getKey(), id, parentId, label, dead(r), touched));
            }
        }
        return nodes.isEmpty() ? Optional.empty() : Optional.of(new ProcessTree(title, nodes));
    }

    /** The value as task id to record, if it is a function (or a tuple) of records with a parent field. */
    private static Map<TlaValue, TlaValue.Record> taskRecords(TlaValue value) {
        Map<TlaValue, TlaValue> entries = new LinkedHashMap<>();
        if (value instanceof TlaValue.Function f) {
            entries.putAll(f.mapping());
        } else if (value instanceof TlaValue.Tuple t) {
            for (int i = 0; i < t.elements().size(); i++) {
                entries.put(TlaValue.of(i + 1), t.elements().get(i));
            }
        }
        Map<TlaValue, TlaValue.Record> out = new LinkedHashMap<>();
        for (Map.Entry<TlaValue, TlaValue> e : entries.entrySet()) {
            if (!(e.getValue() instanceof TlaValue.Record r)
                    || PARENT_FIELDS.stream().noneMatch(r.fields()::containsKey)) {
                return null;
            }
            out.put(e.getKey(), r);
        }
        return out.isEmpty() ? null : out;
    }

    private static boolean dead(TlaValue.Record r) {
        TlaValue state = r.fields().get("state");
        TlaValue zombie = r.fields().get("zombie");
        return TlaValue.of(true).equals(zombie)
                || state instanceof TlaValue.Str s && !s.value().equals("alive") && !s.value().equals("running");
    }
}
