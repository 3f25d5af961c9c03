package org.croracle.oracle.explain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.fromspec.FromSpec;
import org.croracle.oracle.registry.FromSpecRuns;

/**
 * Explains a saved spec behaviour ({@link SpecBehaviourTrace}): replayed on a fresh kernel as
 * {@code ./cr conform --from-spec} replayed it, with the same three checks after every spec step
 * (the kernel accepted the calls, the refinement checker accepts every kernel step, the kernel's
 * abstract state equals the spec's); the spec's steps, and at the failing one why.
 */
final class SpecBehaviourExplainer {
    private SpecBehaviourExplainer() {}

    static Explanation explain(String source, SpecBehaviourTrace trace, KernelConfig config, Path specsRoot,
                               String kernelNote) {
        FromSpec.Report r;
        try {
            r = FromSpecRuns.replay(trace.spec(), trace.model(), config, specsRoot, trace.init(), trace.realizeSeed(),
                    trace.choices());
        } catch (IllegalArgumentException e) {
            throw new TraceFiles.BadTraceFile(source + ": " + e.getMessage());
        }
        FromSpec.Divergence d = r.divergence();
        List<String> done = d == null ? trace.choices().stream().map(FromSpec.Choice::action).toList()
                : d.behaviour().stream().map(Object::toString).toList();
        List<Explanation.StepRow> rows = new ArrayList<>();
        for (int i = 0; i < done.size(); i++) {
            boolean failing = d != null && i == done.size() - 1;
            rows.add(new Explanation.StepRow(List.of(Integer.toString(i + 1), done.get(i), failing ? "DIVERGES" : "ok"),
                    failing));
        }
        List<String> summary = new ArrayList<>();
        summary.add(d == null
                ? "conforms: every one of its " + done.size() + " spec steps happened on the kernel as the spec says"
                : "DIVERGES at " + (done.isEmpty() ? "the initial state" : "step " + done.size()) + ": " + d.reason());
        summary.add("a behaviour of " + trace.spec() + "'s model " + trace.model() + " from the driver's initial state "
                + trace.init() + ", replayed on the simulated kernel" + (kernelNote.isEmpty() ? "" : " " + kernelNote)
                + ": after each spec step the kernel's calls, every kernel step against " + trace.spec()
                + " and the kernel's abstract state against the spec's");
        return new Explanation("spec behaviour: " + source, summary, List.of("step", "spec action", "verdict"), rows, null,
                List.of(), List.of(), List.of(), List.of(), Optional.empty(), d != null);
    }
}
