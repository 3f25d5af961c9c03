package org.croracle.oracle.explain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.scenario.Scenario;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.croracle.impl.scenario.Statement;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.tlc.FalseConjunct;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.CheckedStep;
import org.croracle.oracle.trace.Divergence;
import org.croracle.oracle.trace.InstanceCheck;
import org.croracle.oracle.trace.RefinementChecker;
import org.croracle.oracle.trace.StepTable;

/**
 * Explains a scenario replayed under the oracle, as {@code ./cr run --trace} runs it: every
 * kernel step, the line of the scenario it came from and the spec actions it was checked as; at
 * the first divergence, the abstract state before and after the step next to the state the
 * spec's action would have given, and the kernel's process tree after the step.
 */
public final class ScenarioExplainer {
    private ScenarioExplainer() {}

    /** One kernel step with the states around it and the scenario line that made it. */
    private record Recorded(KernelState before, Step step, KernelState after, Statement line) {
    }

    /**
     * Replays {@code scenario} on a kernel built from {@code config}, every step checked against
     * each suite's spec (loaded from {@code specsRoot}).
     *
     * @param kernelNote how the kernel differs from the default one ("" when it does not), for the summary
     */
    public static Explanation explain(String source, Scenario scenario, KernelConfig config, List<SpecSuite> suites,
                                      Path specsRoot, String kernelNote) {
        List<SpecOracle> oracles = new ArrayList<>();
        try {
            Kernel kernel = new Kernel(config);
            List<RefinementChecker> checkers = new ArrayList<>();
            for (SpecSuite suite : suites) {
                SpecOracle oracle = suite.loadOracle(specsRoot);
                oracles.add(oracle);
                checkers.add(RefinementChecker.attach(oracle, suite.binding(), kernel));
            }
            Statement[] current = new Statement[1];
            Map<Long, Recorded> recorded = new LinkedHashMap<>();
            kernel.addStepListener((before, step, after) ->
                    recorded.put(step.index(), new Recorded(before, step, after, current[0])));
            KernelState initial = kernel.state();
            ScenarioResult result = ScenarioRunner.run(kernel, scenario, st -> current[0] = st);
            return explain(source, result, initial, recorded, checkers,
                    suites.stream().map(SpecSuite::name).toList(), kernelNote);
        } finally {
            oracles.forEach(SpecOracle::close);
        }
    }

    private static Explanation explain(String source, ScenarioResult result, KernelState initial,
                                       Map<Long, Recorded> recorded, List<RefinementChecker> checkers,
                                       List<String> specs, String kernelNote) {
        Map<Integer, String> names = new HashMap<>();
        result.labels().forEach((label, pid) -> names.merge(pid, label, (a, b) -> a.compareTo(b) <= 0 ? a : b));
        List<Divergence> divergences = checkers.stream().map(RefinementChecker::divergence).flatMap(Optional::stream)
                .sorted(Comparator.comparingLong(d -> d.step() == null ? -1 : d.step().index())).toList();
        Divergence first = divergences.isEmpty() ? null : divergences.get(0);
        long failingIndex = first == null ? Long.MIN_VALUE : first.step() == null ? -1 : first.step().index();

        Map<Long, List<InstanceCheck>> checks = new HashMap<>();
        for (RefinementChecker c : checkers) {
            for (CheckedStep cs : c.steps()) {
                checks.computeIfAbsent(cs.step().index(), k -> new ArrayList<>()).addAll(cs.checks());
            }
        }
        List<Explanation.StepRow> rows = new ArrayList<>();
        for (Recorded r : recorded.values()) {
            Step s = r.step();
            List<InstanceCheck> here = checks.getOrDefault(s.index(), List.of());
            String actions = here.stream().map(ic -> ic.spec() + "/" + ic.instance() + ": "
                    + (ic.action() == null ? "(unchanged)" : ic.action().toString())).collect(Collectors.joining("; "));
            String verdict = here.stream().anyMatch(ic -> !ic.holds()) ? "DIVERGES" : "ok";
            String by = s.actor() == Step.NO_TASK ? "-" : names.getOrDefault(s.actor(), "?") + "[" + s.actor() + "]";
            rows.add(new Explanation.StepRow(List.of(Long.toString(s.index()),
                    r.line() == null ? "-" : Integer.toString(r.line().line()), by, s.toString(), actions, verdict),
                    s.index() == failingIndex));
        }

        List<String> summary = new ArrayList<>();
        summary.add("replayed on the simulated kernel" + (kernelNote.isEmpty() ? "" : " " + kernelNote)
                + ", every step checked against " + String.join(", ", specs));
        summary.add("the scenario: " + plural(result.operations(), "operation") + ", "
                + plural(result.expectations(), "expectation") + ": "
                + (result.passed() ? "all hold" : result.failures().size() + " failed"
                + (result.stoppedAt() > 0 ? ", stopped at line " + result.stoppedAt() : "")));
        result.failures().forEach(f -> summary.add("  " + f));
        List<String> columns = List.of("step", "line", "by", "kernel step", "spec actions (spec/instance)", "verdict");
        if (first == null) {
            long steps = recorded.size();
            String refines = "every one of its " + steps + " kernel steps refines " + String.join(", ", specs);
            // the verdict is every check that ran: the specs' and the scenario's own expectations
            summary.add(0, result.passed() ? "conforms: " + refines
                    : "FAILS: the scenario does not hold (" + result.failures().size() + " failed), though " + refines);
            return new Explanation("oracle trace: " + source, summary, columns, rows, null, List.of(), List.of(),
                    List.of(), List.of(), Optional.empty(), !result.passed());
        }

        Recorded at = first.step() == null ? null : recorded.get(first.step().index());
        String line = at == null || at.line() == null ? "" : " (line " + at.line().line() + ": " + at.line().text() + ")";
        summary.add(0, "DIVERGES from spec " + first.spec() + " in " + first.instance() + " at "
                + (first.step() == null ? "the initial state" : "step " + first.step().index() + line) + ": " + first.reason());

        List<String> notes = new ArrayList<>();
        notes.add(StepTable.headline(first));
        if (first.action() != null) {
            notes.add("  expected action: " + first.action());
        }
        notes.addAll(StepTable.specAnswer(first));
        for (Divergence d : divergences.subList(1, divergences.size())) {
            notes.add("also: " + StepTable.headline(d));
        }
        notes.add("(each spec is checked up to its own first divergence and no further)");

        KernelState kernelAfter = at == null ? initial : at.after();
        String treeTitle = at == null ? "the kernel's initial state"
                : "the kernel after step " + at.step().index() + " (" + at.step() + ")";
        ProcessTree tree = ProcessTrees.kernel(treeTitle, kernelAfter, names,
                at == null ? Set.of() : touched(at.before(), at.step(), at.after()));
        return stateTable("oracle trace: " + source, summary, columns, rows, first, notes, tree);
    }

    /** The state table: before, after, and the first state the spec's action would have given. */
    static Explanation stateTable(String title, List<String> summary, List<String> columns,
                                          List<Explanation.StepRow> rows, Divergence d, List<String> notes,
                                          ProcessTree tree) {
        Map<String, String> before = StateFields.of(d.before());
        Map<String, String> after = StateFields.of(d.after());
        Map<String, String> spec = d.specStates().isEmpty() ? null : StateFields.of(d.specStates().get(0));
        List<Map<String, String>> all = new ArrayList<>(List.of(before, after));
        if (spec != null) {
            all.add(spec);
        }
        List<String> stateColumns = new ArrayList<>(List.of("before", "after (implementation)"));
        if (spec != null) {
            stateColumns.add("spec's " + d.action() + (d.specStates().size() > 1 ? " (first of " + d.specStates().size() + ")" : ""));
        }
        List<Explanation.FieldRow> fields = new ArrayList<>();
        for (String name : StateFields.names(all)) {
            String b = before.getOrDefault(name, Explanation.FieldRow.ABSENT);
            String a = after.getOrDefault(name, Explanation.FieldRow.ABSENT);
            List<String> values = new ArrayList<>(List.of(b, a));
            String marker = b.equals(a) ? "" : "*";
            if (spec != null) {
                String s = spec.getOrDefault(name, Explanation.FieldRow.ABSENT);
                values.add(s);
                marker += s.equals(a) ? "" : "!";
            }
            fields.add(new Explanation.FieldRow(marker, name, values));
        }
        List<String> legend = new ArrayList<>(List.of("* = the step changed this field"));
        if (spec != null) {
            legend.add("! = the spec's " + d.action().name() + " gives it another value than the implementation did");
        } else if (d.action() != null) {
            legend.add("(no spec column: " + d.action() + " is not enabled in the state before the step"
                    + d.falseConjunct().filter(FalseConjunct::precondition).map(f -> ": " + f.text() + " is false")
                            .orElse("") + ")");
        }
        String stateTitle = (d.step() == null ? "the initial state" : "step " + d.step().index()) + ", spec "
                + d.spec() + " in " + d.instance() + ": the abstract state, every field";
        return new Explanation(title, summary, columns, rows, stateTitle, stateColumns, fields, legend, notes,
                Optional.of(tree), true);
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** The tasks a step touched: its caller, the task it returned, and every task it changed, made or removed. */
    private static Set<Integer> touched(KernelState before, Step step, KernelState after) {
        Set<Integer> out = new HashSet<>();
        if (step.actor() != Step.NO_TASK) {
            out.add(step.actor());
        }
        if (step.result().isOk() && step.result().value() instanceof Integer pid && after.tasks().containsKey(pid)) {
            out.add(pid);
        }
        Set<Integer> pids = new HashSet<>(before.tasks().keySet());
        pids.addAll(after.tasks().keySet());
        for (int pid : pids) {
            Task b = before.tasks().get(pid);
            Task a = after.tasks().get(pid);
            if (!Objects.equals(a, b) && after.tasks().containsKey(pid)) {
                out.add(pid);
            }
        }
        return out;
    }
}
