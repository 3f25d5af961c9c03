package org.croracle.oracle.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.concurrentcheckpoint.ConcurrentCheckpointBinding;
import org.croracle.oracle.concurrentcheckpoint.ConcurrentCheckpointDriver;
import org.croracle.oracle.eclone.EcloneBinding;
import org.croracle.oracle.eclone.EcloneDriver;
import org.croracle.oracle.freeze.FreezeBinding;
import org.croracle.oracle.freeze.FreezeDriver;
import org.croracle.oracle.fromspec.FromSpec;
import org.croracle.oracle.fromspec.SpecDriver;
import org.croracle.oracle.restart.RestartBinding;
import org.croracle.oracle.restart.RestartDriver;
import org.croracle.oracle.sharedobjects.SharedObjectsBinding;
import org.croracle.oracle.sharedobjects.SharedObjectsDriver;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.tlc.SpecOracles;
import org.croracle.oracle.trace.RefinementBinding;

/**
 * The spec-driven replay of every spec that has a driver ({@code ./cr conform --from-spec}): which
 * model generates the behaviours, which driver makes them happen on the kernel, and the replay of
 * one saved behaviour, so that a divergence found this way can be explained and kept.
 */
public final class FromSpecRuns {
    private FromSpecRuns() {}

    /** The specs whose behaviours can be replayed on the kernel. */
    public static final List<String> KNOWN = List.of("freeze", "eclone", "sharedobjects", "restart",
            "concurrentcheckpoint");

    /**
     * A run's report, the generating models in words, the spec's action names, and the model
     * (its .cfg) whose behaviour diverged, or null; {@code notDriven}: the spec's actions left out
     * of the coverage table, each with why no replayed behaviour takes it.
     */
    public record Outcome(FromSpec.Report report, String models, List<String> actions, String divergedModel,
                          Map<String, String> notDriven) {
        public Outcome {
            notDriven = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(notDriven));
        }

        Outcome(FromSpec.Report report, String models, List<String> actions, String divergedModel) {
            this(report, models, actions, divergedModel, Map.of());
        }
    }

    /** One generating model: the module and .cfg TLC computes successors with, and its driver. */
    private record Part(String module, String config, SpecDriver driver, RefinementBinding binding, List<String> actions) {
        SpecOracle load(Path specsRoot, SpecSuite suite) {
            return SpecOracles.load(suite.dir(specsRoot), module, config, List.of());
        }

        FromSpec fromSpec(SpecOracle model, SpecOracle checker) {
            return new FromSpec(driver, model, checker, binding, actions);
        }
    }

    /**
     * The models of a spec's replay: freeze's small model (searched exhaustively) and its larger
     * one (random walks); every other spec's oracle module, under the kernel's constants.
     */
    private static List<Part> parts(SpecSuite suite, KernelConfig config) {
        return switch (suite.name()) {
            case "freeze" -> List.of(
                    new Part("MCFreeze", "MCFreeze.cfg", new FreezeDriver(3, config), new FreezeBinding(), FreezeDriver.ACTIONS),
                    new Part("MCFreeze", "MCFreezeLarge.cfg", new FreezeDriver(5, config), new FreezeBinding(),
                            FreezeDriver.ACTIONS));
            case "eclone" -> List.of(new Part(suite.oracleModule(), suite.oracleConfig(), new EcloneDriver(config),
                    new EcloneBinding(), EcloneDriver.ACTIONS));
            case "sharedobjects" -> List.of(new Part(suite.oracleModule(), suite.oracleConfig(),
                    new SharedObjectsDriver(config), new SharedObjectsBinding(), SharedObjectsDriver.ACTIONS));
            case "restart" -> List.of(new Part(suite.oracleModule(), suite.oracleConfig(), new RestartDriver(config),
                    new RestartBinding(), RestartDriver.ACTIONS));
            case "concurrentcheckpoint" -> List.of(new Part("FromSpecConcurrentCheckpoint", "FromSpecConcurrentCheckpoint.cfg",
                    new ConcurrentCheckpointDriver(config), new ConcurrentCheckpointBinding(),
                    ConcurrentCheckpointDriver.ACTIONS));
            default -> throw new IllegalArgumentException("no spec-driven replay for " + suite.name());
        };
    }

    /**
     * Behaviours generated from the spec and replayed on kernels built with {@code config}: every
     * behaviour up to {@code depth} (the spec's default if null), then {@code behaviours} random
     * walks of {@code walkDepth} steps, stopping at the first divergence.
     *
     * @throws IllegalArgumentException if the spec is not one of {@link #KNOWN}
     */
    public static Outcome run(String spec, KernelConfig config, Path specsRoot, int behaviours, Integer depth, int walkDepth,
                              long seed) {
        SpecSuite suite = suite(spec);
        List<Part> parts = parts(suite, config);
        try (SpecOracle checker = suite.loadOracle(specsRoot)) {
            switch (suite.name()) {
                case "freeze" -> {
                    int d = depth == null ? 4 : depth;
                    FromSpec.Report exhaustive;
                    try (SpecOracle small = parts.get(0).load(specsRoot, suite)) {
                        exhaustive = parts.get(0).fromSpec(small, checker).run(d, 0, 0, seed);
                    }
                    String models = "every behaviour of MCFreeze.cfg (3 tasks) up to depth " + d + ", then " + behaviours
                            + " random walks of " + walkDepth + " steps of MCFreezeLarge.cfg (5 tasks)";
                    if (!exhaustive.conforms()) {
                        return new Outcome(exhaustive, models, FreezeDriver.ACTIONS, parts.get(0).config());
                    }
                    try (SpecOracle large = parts.get(1).load(specsRoot, suite)) {
                        FromSpec.Report walks = parts.get(1).fromSpec(large, checker)
                                .run(-1, behaviours, walkDepth, seed);
                        return new Outcome(exhaustive.plus(walks), models, FreezeDriver.ACTIONS,
                                walks.conforms() ? null : parts.get(1).config());
                    }
                }
                case "eclone" -> {
                    int d = depth == null ? 2 : depth;
                    return one(parts.get(0), suite, specsRoot, checker, d, behaviours, walkDepth, seed,
                            "every behaviour up to depth " + d + ", then " + behaviours + " random walks of " + walkDepth
                                    + " steps, under the kernel's constants (OracleEclone.cfg: pid_max 32768, 32 levels)");
                }
                case "sharedobjects" -> {
                    int d = depth == null ? 30 : depth;
                    return one(parts.get(0), suite, specsRoot, checker, d, behaviours, walkDepth, seed,
                            "every behaviour up to depth " + d + " of each of the " + parts.get(0).driver().initialStates()
                                    + " worlds the driver builds (one checkpoint() call each), then " + behaviours
                                    + " random walks of " + walkDepth
                                    + " steps, under the kernel's constants (OracleSharedObjects.cfg)");
                }
                case "concurrentcheckpoint" -> {
                    int d = depth == null ? 20 : depth;
                    Outcome o = one(parts.get(0), suite, specsRoot, checker, d, behaviours, walkDepth, seed,
                            "every behaviour up to depth " + d + " of each of the " + ConcurrentCheckpointDriver.raceWorlds()
                                    + " race worlds the driver builds (the outside's calls of one race, in its window of the "
                                    + "call), then " + behaviours + " random walks of " + walkDepth + " steps, from those and "
                                    + (parts.get(0).driver().initialStates() - ConcurrentCheckpointDriver.raceWorlds())
                                    + " open worlds (any outside call anywhere in the call), under the kernel's constants "
                                    + "(FromSpecConcurrentCheckpoint.cfg: each action as Next takes it)");
                    return new Outcome(o.report(), o.models(), o.actions(), o.divergedModel(),
                            ConcurrentCheckpointDriver.NOT_DRIVEN);
                }
                default -> {
                    int d = depth == null ? 60 : depth;
                    return one(parts.get(0), suite, specsRoot, checker, d, behaviours, walkDepth, seed,
                            "every behaviour up to depth " + d + " of each of the " + parts.get(0).driver().initialStates()
                                    + " restarts the driver makes (a tree it built, checkpointed and destroyed; RESTART_FROZEN "
                                    + "or not), then " + behaviours + " random walks of " + walkDepth + " steps, under the "
                                    + "kernel's constants (OracleRestart.cfg; injected faults carry " + RestartDriver.FAULT + ")");
                }
            }
        }
    }

    private static Outcome one(Part part, SpecSuite suite, Path specsRoot, SpecOracle checker, int depth, int behaviours,
                               int walkDepth, long seed, String models) {
        try (SpecOracle model = part.load(specsRoot, suite)) {
            FromSpec.Report r = part.fromSpec(model, checker).run(depth, behaviours, walkDepth, seed);
            return new Outcome(r, models, part.actions(), r.conforms() ? null : part.config());
        }
    }

    /**
     * Replays one saved behaviour of {@code spec} generated by the model {@code modelConfig} on a
     * kernel built with {@code config}.
     *
     * @throws IllegalArgumentException if the spec is not one of {@link #KNOWN} or has no such model
     */
    public static FromSpec.Report replay(String spec, String modelConfig, KernelConfig config, Path specsRoot, int init,
                                         long realizeSeed, List<FromSpec.Choice> choices) {
        SpecSuite suite = suite(spec);
        List<Part> parts = parts(suite, config);
        Part part = parts.stream().filter(p -> p.config().equals(modelConfig)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(spec + "'s behaviours come from "
                        + String.join(" or ", parts.stream().map(Part::config).toList()) + ", not " + modelConfig));
        try (SpecOracle checker = suite.loadOracle(specsRoot); SpecOracle model = part.load(specsRoot, suite)) {
            return part.fromSpec(model, checker).replay(init, realizeSeed, choices);
        }
    }

    /** The spec's action names, for a coverage table. */
    public static List<String> actions(String spec) {
        return parts(suite(spec), KernelConfig.defaults()).get(0).actions();
    }

    private static SpecSuite suite(String spec) {
        if (!KNOWN.contains(spec)) {
            throw new IllegalArgumentException("--from-spec knows " + String.join(", ", KNOWN) + ", not " + spec);
        }
        return Specs.named(spec).orElseThrow();
    }
}
