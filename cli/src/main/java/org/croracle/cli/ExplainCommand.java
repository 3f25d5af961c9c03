package org.croracle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.mutants.Mutant;
import org.croracle.oracle.explain.Explanation;
import org.croracle.oracle.explain.ExplanationHtml;
import org.croracle.oracle.explain.ExplanationText;
import org.croracle.oracle.explain.TraceFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./cr explain FILE}: a failing trace as a step table, a state diff and a process tree. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain a failing trace: a TLC counterexample (written by ./cr tlc --save-trace, or TLC's own "
                + "output), a scenario (.crs) replayed under the oracle, or a workload trace (.crtrace, written by "
                + "./cr conform --save) replayed under its spec. Prints a numbered table of steps (action, "
                + "arguments) and, at the failing step, every field of the abstract state before and after, the "
                + "differing ones marked. Exit 1 if the trace shows a failure (always for a TLC counterexample; for a "
                + "scenario, if it diverges), 0 if the scenario conforms, 2 if the file is neither.")
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = "--dot", description = "Print only the process tree at the failing step, as Graphviz (for specs "
            + "whose state has tasks with parents, and for scenarios).")
    boolean dot;

    @Option(names = "--html", paramLabel = "OUT", description = "Also write the explanation as one self-contained "
            + "HTML page (the tables, the state diff, the tree as inline SVG and its DOT source).")
    Path html;

    @Option(names = "--step", paramLabel = "N", description = "TLC counterexamples: the state diff at state N "
            + "(from state N-1) instead of at the failing step.")
    int step;

    @Option(names = "--mutant", paramLabel = "NAME", description = "Scenarios, workload traces and spec behaviours: replay on a kernel with this "
            + "planted bug, to see what a divergence looks like (${COMPLETION-CANDIDATES}).")
    Mutant mutant;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Explanation e;
        try {
            TraceFiles.Input input = TraceFiles.read(file);
            if (input.kind() == TraceFiles.Kind.TLC_COUNTEREXAMPLE) {
                if (mutant != null) {
                    throw new UserError("--mutant applies to scenarios, and " + file + " is a TLC counterexample");
                }
                e = TraceFiles.explainTlc(input, SpecArgs.specsRoot(), step);
            } else if (input.kind() == TraceFiles.Kind.WORKLOAD_TRACE || input.kind() == TraceFiles.Kind.SPEC_BEHAVIOUR) {
                boolean workload = input.kind() == TraceFiles.Kind.WORKLOAD_TRACE;
                if (step != 0) {
                    throw new UserError("--step applies to TLC counterexamples, and " + file + " is a "
                            + (workload ? "workload trace" : "spec behaviour"));
                }
                String named = TraceFiles.mutantOf(input);
                Mutant planted = mutant;
                if (named != null) {
                    Mutant inFile = java.util.Arrays.stream(Mutant.values()).filter(m -> m.name().equals(named)).findFirst()
                            .orElseThrow(() -> new UserError(file + ": unknown mutant '" + named + "' (one of "
                                    + java.util.Arrays.toString(Mutant.values()) + ")"));
                    if (mutant != null && mutant != inFile) {
                        throw new UserError(file + " was found with the planted bug " + inFile + ", not " + mutant);
                    }
                    planted = inFile;
                }
                KernelConfig config = planted == null ? KernelConfig.defaults() : planted.plant(KernelConfig.defaults());
                String note = planted == null ? "" : "with the planted bug " + planted;
                e = workload ? TraceFiles.explainWorkloadTrace(input, config, note, SpecArgs.specsRoot())
                        : TraceFiles.explainSpecBehaviour(input, config, note, SpecArgs.specsRoot());
            } else {
                if (step != 0) {
                    throw new UserError("--step applies to TLC counterexamples, and " + file + " is a scenario");
                }
                KernelConfig config = mutant == null ? KernelConfig.defaults() : mutant.plant(KernelConfig.defaults());
                e = TraceFiles.explainScenario(input, config, mutant == null ? "" : "with the planted bug " + mutant,
                        SpecArgs.specsRoot());
            }
        } catch (TraceFiles.BadTraceFile ex) {
            throw new UserError(ex.getMessage());
        }
        if (html != null) {
            try {
                Files.writeString(html, ExplanationHtml.render(e));
            } catch (IOException ex) {
                throw new UserError("cannot write " + html + ": " + ex.getMessage());
            }
            spec.commandLine().getErr().println("wrote " + html);
        }
        if (dot) {
            out.print(e.tree().orElseThrow(() -> new UserError("--dot: " + file + " has no process tree at its failing "
                    + "step (" + (e.stateTitle() == null ? "nothing fails" : "the spec's state has no tasks with parents")
                    + ")")).dot());
        } else {
            out.print(ExplanationText.render(e));
        }
        return e.failed() ? Main.FAILED : 0;
    }
}
