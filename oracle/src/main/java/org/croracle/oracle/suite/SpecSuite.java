package org.croracle.oracle.suite;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.croracle.impl.syscall.Kernel;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.tlc.SpecOracles;
import org.croracle.oracle.trace.RefinementBinding;
import org.croracle.oracle.trace.TraceRunner;
import org.croracle.oracle.trace.Workload;

/**
 * Everything cr-oracle knows about one spec: its folder under specs/, its models (CI and long),
 * the module the step oracle loads, how it binds to the kernel, and the workload that exercises
 * it. Bug variants are not listed here: they are discovered in the folder's bugs/ (see
 * {@link BugVariant}), so adding one needs no code.
 */
public interface SpecSuite {

    /** The folder name under specs/ and the name users type ("freeze"). */
    String name();

    /** The model module that TLC checks in CI ("MCFreeze"), with {@link #ciConfig()}. */
    String modelModule();

    String ciConfig();

    /**
     * The model module a configuration of this spec is for: among the folder's model modules
     * ({@code MC*.tla}), the one with the longest name that the configuration's starts with
     * ({@code MCFlaglessWorldFive.cfg}: {@code MCFlaglessWorld}, {@code MCEcloneQuick.cfg}:
     * {@code MCEclone}), else {@link #modelModule()}. A model whose state differs from the
     * others' has a module of its own.
     */
    default String moduleOf(Path specsRoot, String config) {
        String name = Path.of(config).getFileName().toString();
        String stem = name.endsWith(".cfg") ? name.substring(0, name.length() - 4) : name;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir(specsRoot))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith("MC") && f.endsWith(".tla"))
                    .map(f -> f.substring(0, f.length() - 4))
                    .filter(stem::startsWith)
                    .max(java.util.Comparator.comparingInt(String::length))
                    .orElse(modelModule());
        } catch (java.io.IOException e) {
            return modelModule();
        }
    }

    /** Every configuration the CI checks (most specs have one; Eclone splits pids and sessions). */
    default List<String> ciConfigs() {
        return List.of(ciConfig());
    }

    /**
     * The model of {@code ./cr check}'s quick tier: the first CI model when it takes seconds;
     * otherwise a smaller one beside the CI models (an {@code MC...Quick.cfg} whose bounds say what
     * it still covers), or another CI model that checks the same properties on less.
     */
    default String quickConfig() {
        return ciConfig();
    }

    /**
     * Whether the quick tier tries this spec's bug variants with random behaviours before their
     * exhaustive search (see {@link SpecChecker#checkBug(SpecSuite, BugVariant, boolean)}): yes,
     * unless measurements show that the behaviours miss most of its variants.
     */
    default boolean randomBehavioursFindItsBugs() {
        return true;
    }

    /** Whether the kernel is refinement-checked against this spec (it has a binding and a step oracle). */
    default boolean refinementChecked() {
        return true;
    }

    /** The larger configuration for long runs. */
    String longConfig();

    /** The module and configuration the step oracle loads ("OracleFreeze"). */
    String oracleModule();

    String oracleConfig();

    /**
     * The hand-written module for trace validation by a separate TLC process ("TraceFreeze", with
     * its .cfg in the spec's folder; see {@link org.croracle.oracle.trace.TraceValidation}), if
     * the spec has one.
     */
    default Optional<String> traceModule() {
        return Optional.empty();
    }

    RefinementBinding binding();

    Workload workload();

    Supplier<Kernel> kernels();

    default Path dir(Path specsRoot) {
        return specsRoot.resolve(name());
    }

    /** Loads this spec's step oracle (about half a second). */
    default SpecOracle loadOracle(Path specsRoot) {
        return SpecOracles.load(dir(specsRoot), oracleModule(), oracleConfig(), List.of());
    }

    default TraceRunner runner(SpecOracle oracle) {
        return new TraceRunner(oracle, binding(), workload(), kernels());
    }
}
