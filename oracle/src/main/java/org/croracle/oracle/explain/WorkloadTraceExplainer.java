package org.croracle.oracle.explain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.syscall.Kernel;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.CheckedStep;
import org.croracle.oracle.trace.Divergence;
import org.croracle.oracle.trace.InstanceCheck;
import org.croracle.oracle.trace.StepTable;
import org.croracle.oracle.trace.TraceResult;
import org.croracle.oracle.trace.TraceRunner;

/**
 * Explains a workload trace ({@link WorkloadTrace}): its codes replayed through the spec's
 * workload on a fresh kernel, every step checked against the spec, as {@code ./cr conform} ran
 * them; the steps, and at the failure (a divergence, or the workload's own check) the abstract
 * state before and after and the kernel's process tree.
 */
final class WorkloadTraceExplainer {
    private WorkloadTraceExplainer() {}

    private record Recorded(KernelState before, Step step, KernelState after) {
    }

    static Explanation explain(String source, WorkloadTrace trace, SpecSuite suite, Path specsRoot, String kernelNote) {
        try (SpecOracle oracle = suite.loadOracle(specsRoot)) {
            Map<Long, Recorded> recorded = new LinkedHashMap<>();
            KernelState[] initial = {null};
            TraceRunner runner = new TraceRunner(oracle, suite.binding(), suite.workload(), () -> {
                Kernel k = suite.kernels().get();
                initial[0] = k.state();
                k.addStepListener((before, step, after) -> recorded.put(step.index(), new Recorded(before, step, after)));
                return k;
            });
            TraceResult result = runner.run(trace.codes());
            Map<Long, List<InstanceCheck>> checks = new HashMap<>();
            for (CheckedStep cs : result.steps()) {
                checks.computeIfAbsent(cs.step().index(), k -> new ArrayList<>()).addAll(cs.checks());
            }
            Divergence d = result.divergence().orElse(null);
            long failing = d == null || d.step() == null ? Long.MIN_VALUE : d.step().index();
            List<Explanation.StepRow> rows = new ArrayList<>();
            for (Recorded r : recorded.values()) {
                Step s = r.step();
                List<InstanceCheck> here = checks.getOrDefault(s.index(), List.of());
                String actions = here.stream().map(ic -> ic.instance() + ": "
                        + (ic.action() == null ? "(unchanged)" : ic.action().toString()))
                        .collect(java.util.stream.Collectors.joining("; "));
                boolean bad = here.stream().anyMatch(ic -> !ic.holds()) || s.index() == failing;
                rows.add(new Explanation.StepRow(List.of(Long.toString(s.index()),
                        s.actor() == Step.NO_TASK ? "-" : Integer.toString(s.actor()), s.toString(), actions,
                        bad ? "DIVERGES" : "ok"), s.index() == failing));
            }
            List<String> columns = List.of("step", "by", "kernel step", "spec actions (" + suite.name() + " instance)", "verdict");
            List<String> summary = new ArrayList<>();
            summary.add("the " + suite.name() + " workload's " + trace.codes().size() + " codes replayed on the simulated kernel"
                    + (kernelNote.isEmpty() ? "" : " " + kernelNote) + ", every step checked against " + suite.name());
            String title = "workload trace: " + source;
            if (d == null) {
                summary.add(0, "conforms: every one of its " + recorded.size() + " kernel steps refines " + suite.name());
                return new Explanation(title, summary, columns, rows, null, List.of(), List.of(), List.of(), List.of(),
                        Optional.empty(), false);
            }
            summary.add(0, "DIVERGES from spec " + d.spec() + " in " + d.instance() + " at "
                    + (d.step() == null ? "the initial state" : "step " + d.step().index()) + ": " + d.reason());
            List<String> notes = new ArrayList<>();
            notes.add(StepTable.headline(d));
            if (d.action() != null) {
                notes.add("  expected action: " + d.action());
            }
            notes.addAll(StepTable.specAnswer(d));
            Recorded at = d.step() == null ? null : recorded.get(d.step().index());
            KernelState after = at == null ? initial[0] : at.after();
            String treeTitle = at == null ? "the kernel's initial state"
                    : "the kernel after step " + at.step().index() + " (" + at.step() + ")";
            ProcessTree tree = ProcessTrees.kernel(treeTitle, after, Map.of(), at == null ? Set.of() : Set.of());
            return ScenarioExplainer.stateTable(title, summary, columns, rows, d, notes, tree);
        }
    }
}
