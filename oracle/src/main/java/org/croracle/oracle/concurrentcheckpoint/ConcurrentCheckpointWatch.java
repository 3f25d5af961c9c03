package org.croracle.oracle.concurrentcheckpoint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.CheckpointPhase;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KObject;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.StepListener;
import org.croracle.impl.kernel.Task;

/**
 * ConcurrentCheckpoint.tla's properties checked on the kernel, step by step, for every checkpoint()
 * whose steps other calls came between: what the outside reached during the dump (the spec's
 * {@code touched}), which tasks of the tree were not frozen from the gate to the end of the dump
 * ({@code escaped}), and, when such a call writes its tail (success), the spec's invariants on the
 * image: {@code ImageIsContained}, {@code ImageIsTheFrozenTree}, and that the image holds only
 * objects collect counted ({@code ImageHoldsOnlyCollected}: what the reverse-leak check protects).
 * The objects are those of the spec: fd tables and open files.
 *
 * <p>This is a property oracle, not a refinement check: it says whether an interleaving's outcome
 * is one the spec allows a success to have, not whether each step is one of the spec's actions.
 */
public final class ConcurrentCheckpointWatch implements StepListener {

    /** One property the kernel broke: its name (the spec's) and what was found. */
    public record Violation(String property, long step, String detail) {
        @Override
        public String toString() {
            return "step " + step + ": " + property + ": " + detail;
        }
    }

    private final List<Violation> violations = new ArrayList<>();
    private final Set<Integer> seen = new TreeSet<>();
    private int call;
    private Set<Integer> touched = new HashSet<>();
    private Set<Integer> escaped = new HashSet<>();

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** The checkpoint calls with interleaved steps this watch followed. */
    public Set<Integer> calls() {
        return Set.copyOf(seen);
    }

    @Override
    public void onStep(KernelState before, Step step, KernelState after) {
        CheckpointContext c = after.checkpoint();
        if (c == null || !c.concurrent() || c.subtree()) {
            return;
        }
        if (c.id() != call) {
            call = c.id();
            touched = new HashSet<>();
            escaped = new HashSet<>();
        }
        seen.add(c.id());
        if (c.phase() == CheckpointPhase.DUMPING || c.phase() == CheckpointPhase.DUMPED) {
            touched.addAll(outsideReach(after, c));
        }
        if (c.gateTaken() && c.phase().ordinal() >= CheckpointPhase.BEGUN.ordinal()
                && c.phase().ordinal() <= CheckpointPhase.DUMPED.ordinal()) {
            for (int t : tree(after, c)) {
                Task task = after.tasks().get(t);
                boolean frozen = task.isZombie() || task.cgroup().equals(c.gate()) && after.cgroup(c.gate())
                        .map(g -> g.state() == FreezerState.CHECKPOINTING).orElse(false);
                if (!frozen) {
                    escaped.add(t);
                }
            }
        }
        CheckpointContext was = before.checkpoint();
        boolean tail = c.phase() == CheckpointPhase.WRITTEN && (was == null || was.id() != c.id()
                || was.phase() != CheckpointPhase.WRITTEN);
        if (tail) {
            checkImage(after, c, step.index());
        }
    }

    private void checkImage(KernelState s, CheckpointContext c, long step) {
        Set<Integer> written = new TreeSet<>(c.written());
        Set<Integer> shared = new TreeSet<>(written);
        shared.retainAll(touched);
        if (!shared.isEmpty()) {
            violations.add(new Violation("ImageIsContained", step, "the image holds " + shared
                    + ", reached from outside the container during the dump"));
        }
        Set<Integer> uncollected = new TreeSet<>(written);
        uncollected.removeAll(c.objrefs().keySet());
        if (!uncollected.isEmpty()) {
            violations.add(new Violation("ImageHoldsOnlyCollected", step, "the image holds " + uncollected
                    + ", which collect never counted (so the leak check never saw them)"));
        }
        Set<Integer> dumped = new TreeSet<>(c.tree());
        Set<Integer> members = new TreeSet<>(tree(s, c));
        Set<Integer> ran = new TreeSet<>(dumped);
        ran.retainAll(escaped);
        if (!dumped.equals(members) || !ran.isEmpty()) {
            violations.add(new Violation("ImageIsTheFrozenTree", step, "the image holds tasks " + dumped + ", the tree is "
                    + members + (ran.isEmpty() ? "" : "; tasks " + ran + " ran during the call")));
        }
    }

    /** The tree at the root now: the root and its descendants (none if the root is gone). */
    private static List<Integer> tree(KernelState s, CheckpointContext c) {
        List<Integer> out = new ArrayList<>();
        if (s.tasks().get(c.root()) != null) {
            walk(s, c.root(), out);
        }
        return out;
    }

    private static void walk(KernelState s, int pid, List<Integer> out) {
        out.add(pid);
        for (Task child : s.children(pid)) {
            walk(s, child.pid(), out);
        }
    }

    /** fd tables and open files reached by a task outside the tree (through its fd table). */
    private static Set<Integer> outsideReach(KernelState s, CheckpointContext c) {
        Set<Integer> inside = new HashSet<>(tree(s, c));
        Set<Integer> out = new HashSet<>();
        for (Task t : s.tasks().values()) {
            if (inside.contains(t.pid()) || t.isZombie()) {
                continue;
            }
            int table = t.res().files();
            if (table == 0) {
                continue;
            }
            out.add(table);
            KObject o = s.objects().get(table);
            if (o != null) {
                for (int f : o.references()) {
                    out.add(f);
                }
            }
        }
        return out;
    }
}
