package org.croracle.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.croracle.oracle.checkpointrestart.EveryTree;
import org.croracle.oracle.checkpointrestart.RoundTripSweep;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./cr roundtrip}: random trees frozen, checkpointed, destroyed, restarted and compared. */
@Command(name = "roundtrip", mixinStandardHelpOptions = true,
        description = "Round trips of random container trees (sessions, groups, zombies, orphans, subreapers, "
                + "CLONE_PARENT, nested namespaces, shared objects): freeze, checkpoint, destroy, restart, compare. "
                + "Prints how many came back equal and the first failures, shrunk. Exit 1 if any failed.")
final class RoundTripCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1000", description = "Trees to try (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", paramLabel = "X", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-tasks", paramLabel = "N", defaultValue = "60",
            description = "Largest tree (default: ${DEFAULT-VALUE}).")
    int maxTasks;

    @Option(names = "--save", paramLabel = "DIR",
            description = "Write each shrunk failure as a scenario DIR/roundtrip-SEED-K.crs (replayable with ./cr run).")
    java.nio.file.Path save;

    @Option(names = "--mutant", paramLabel = "NAME", description = "Round-trip on a kernel with this planted bug, "
            + "to see the round trip catch it (${COMPLETION-CANDIDATES}).")
    org.croracle.oracle.mutants.Mutant mutant;

    @Option(names = "--every-tree", paramLabel = "N", description = "Instead of random trees, every tree the world builds "
            + "with at most N tasks below the container's init (1 to 5): fork, CLONE_PARENT, exit with any adopter, wait, "
            + "setsid, setpgid, and threads and a nested pid namespace (at most one of each at a time), each distinct state "
            + "round-tripped with no subreaper flag and with every one.")
    Integer everyTree;

    @Option(names = "--flagless", description = "With --every-tree: TLC's flagless world (MCFlaglessWorld.tla: no threads, "
            + "no nested namespace), its states keyed as TLC's.")
    boolean flagless;

    @Option(names = "--against-tlc", description = "With --every-tree N --flagless: instead of the round trips, the "
            + "engine's states against TLC's (MCFlaglessWorld.tla run to the end, its states written out), state for state; "
            + "exit 1 if they differ.")
    boolean againstTlc;

    @Option(names = "--quiet", description = "No progress on stderr (there is none anyway when stderr is not a terminal).")
    boolean quiet;

    @Override
    public Integer call() throws java.io.IOException {
        if (everyTree != null) {
            return everyTree();
        }
        if (flagless || againstTlc) {
            throw new UserError((flagless ? "--flagless" : "--against-tlc") + " goes with --every-tree N");
        }
        if (runs < 1 || maxTasks < 2) {
            throw new UserError("--runs must be at least 1 and --max-tasks at least 2");
        }
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = Progress.of(spec.commandLine().getErr(), quiet, "roundtrip", runs);
        long[] lastShown = {System.nanoTime()};
        org.croracle.impl.syscall.KernelConfig config = mutant == null ? org.croracle.impl.syscall.KernelConfig.defaults()
                : mutant.plant(org.croracle.impl.syscall.KernelConfig.defaults());
        RoundTripSweep.Report r = RoundTripSweep.run(config, runs, seed, maxTasks, 3, done -> {
            progress.finished();
            if (done < runs && System.nanoTime() - lastShown[0] > 2_000_000_000L) { // a line every two seconds at most
                lastShown[0] = System.nanoTime();
                progress.starting("trees " + (done + 1) + "..");
            }
        });
        r.minimalFailures().forEach(out::println);
        // What the trees exercised: every fact expect same compares, every field of the image.
        org.croracle.oracle.trace.TextTable table = new org.croracle.oracle.trace.TextTable(
                new boolean[] {false, false, true}, "coverage", "fact or field", "trees");
        r.coverage().rows().forEach(table::add);
        out.print(table.render());
        java.util.List<String> missing = r.coverage().uncovered();
        out.println(missing.isEmpty() ? "coverage: every fact and field exercised by " + r.coverage().trees() + " trees"
                : "coverage: not exercised: " + String.join("; ", missing));
        if (save != null) {
            for (int k = 0; k < r.minimalScenarios().size(); k++) {
                java.nio.file.Path f = save.resolve("roundtrip-" + seed + "-" + (k + 1) + ".crs");
                java.util.List<String> lines = new java.util.ArrayList<>(r.minimalScenarios().get(k));
                if (mutant != null) { // the scenario fails only on that kernel
                    lines.add(1, "# found with the planted bug " + mutant + ": ./cr explain FILE --mutant " + mutant);
                }
                Saving.write(f, String.join("\n", lines) + "\n");
                out.println("saved " + f);
            }
        }
        out.printf("roundtrip: %,d trees (up to %d tasks, seed %d), %,d came back equal, %,d failed, %.1f s%n",
                r.runs(), r.largestTree(), seed, r.runs() - r.failures(), r.failures(), r.seconds());
        return r.failures() == 0 ? 0 : Main.FAILED;
    }

    /** Every tree of at most {@link #everyTree} tasks, round-tripped (the Java engine of the flagless world). */
    private int everyTree() throws java.io.IOException {
        if (everyTree < 1 || everyTree > 5) {
            throw new UserError("--every-tree takes 1 to 5 tasks, not " + everyTree);
        }
        for (String randomOnly : new String[] {"--runs", "--seed", "--max-tasks"}) {
            if (spec.commandLine().getParseResult().hasMatchedOption(randomOnly)) {
                throw new UserError(randomOnly + " is for random trees: --every-tree takes every tree of N tasks");
            }
        }
        if (againstTlc) {
            return againstTlc();
        }
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = Progress.of(spec.commandLine().getErr(), quiet, "roundtrip", 1);
        org.croracle.impl.syscall.KernelConfig config = mutant == null ? org.croracle.impl.syscall.KernelConfig.defaults()
                : mutant.plant(org.croracle.impl.syscall.KernelConfig.defaults());
        EveryTree.Options options = EveryTree.Options.of(everyTree, !flagless).withConfig(config).withProgress(progress::note);
        EveryTree.Report r = EveryTree.run(options);
        for (EveryTree.Failure f : r.failures()) {
            out.println("FAILED: " + f.problem());
            out.println("  state " + f.key());
            f.scenario().forEach(line -> out.println("    " + line));
        }
        if (save != null) {
            for (int k = 0; k < r.failures().size(); k++) {
                java.nio.file.Path f = save.resolve("every-tree-" + everyTree + "-" + (k + 1) + ".crs");
                java.util.List<String> lines = new java.util.ArrayList<>(r.failures().get(k).scenario());
                if (mutant != null) {
                    lines.add(1, "# found with the planted bug " + mutant + ": ./cr explain FILE --mutant " + mutant);
                }
                Saving.write(f, String.join("\n", lines) + "\n");
                out.println("saved " + f);
            }
        }
        out.println(describe(r, options));
        return r.ok() ? 0 : Main.FAILED;
    }

    /** The engine's flagless world against TLC's, state for state. */
    private int againstTlc() {
        if (!flagless) {
            throw new UserError("--against-tlc compares the flagless world (TLC's has no threads nor nested namespaces): add --flagless");
        }
        if (mutant != null || save != null) {
            throw new UserError("--against-tlc compares the worlds, without round trips: it takes no --mutant nor --save");
        }
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = Progress.of(spec.commandLine().getErr(), quiet, "roundtrip", 1);
        progress.note("TLC: every state of MCFlaglessWorld with " + everyTree + " tasks, then the engine's");
        EveryTree.Options options = EveryTree.Options.of(everyTree, false).withProgress(progress::note);
        EveryTree.Comparison c;
        try {
            c = EveryTree.againstTlc(options, SpecArgs.specsRoot(), options.workers(), java.time.Duration.ofHours(12));
        } catch (IllegalStateException e) { // TLC did not finish: its reason, not a stack trace
            spec.commandLine().getErr().println("cr roundtrip: " + e.getMessage());
            return Main.FAILED;
        }
        out.printf("TLC: %,d distinct states, depth %d, %.1f s; the engine: %,d distinct states, depth %d, %.1f s (no round trips)%n",
                c.tlcStates(), c.tlc().depth(), c.tlc().elapsed().toMillis() / 1000.0, c.java().distinct(), c.java().depth(),
                c.java().seconds());
        if (c.equal()) {
            out.printf("roundtrip: every tree of %d tasks, the flagless world: the engine and TLC reach the same %,d states%n",
                    everyTree, c.tlcStates());
            return 0;
        }
        out.printf("roundtrip: the engine and TLC differ: %,d states only TLC reaches%s, %,d only the engine%s%n",
                c.onlyTlcCount(), c.onlyTlc().isEmpty() ? "" : " (first: " + String.join("; ", c.onlyTlc()) + ")",
                c.onlyJavaCount(), c.onlyJava().isEmpty() ? "" : " (first: " + String.join("; ", c.onlyJava()) + ")");
        return Main.FAILED;
    }

    static String describe(EveryTree.Report r, EveryTree.Options options) {
        String world = options.extensions()
                ? "threads and nested pid namespaces (at most " + options.threads() + " and " + options.namespaces() + " at a time)"
                : "the flagless world";
        return String.format("roundtrip: every tree of %d tasks, %s: %,d states generated, %,d distinct, %,d distinct trees, "
                + "depth %d, %,d round trips, %s, %.1f s on %d workers", r.tasks(), world, r.states(), r.distinct(), r.trees(),
                r.depth(), r.roundTrips(), r.ok() ? "every one came back equal" : String.format("%,d failed", r.failed()),
                r.seconds(), options.workers());
    }
}
